"""Differential oracle for the strict JSON parser: Python's json is the reference.

Usage: differential.py VERDICTS_TOOL FOLDER...

The tool prints the Swift parser's verdict per file; this script computes
Python's verdict on the same bytes and reports every file where they differ
in accept/refuse, or where both accept but the values differ.

Python's json is configured to the grammar JSONParser documents (RFC 8259 and
the choices it makes where the RFC leaves room), so the comparison is honest
and not tuned to the parser's output:
- the bytes must be UTF-8 (json.loads on bytes would also take UTF-16/32);
- a byte-order mark is refused (json.loads already refuses U+FEFF on text);
- a duplicate key is refused (object_pairs_hook);
- NaN, Infinity and -Infinity are refused (parse_constant);
- a string holding a lone surrogate (from a \\uD800-style escape) is refused;
- nesting deeper than 512 arrays and objects is refused.
Nothing else is adjusted: numbers, escapes, whitespace and control characters
are json's own.
"""

import json
import struct
import subprocess
import sys

MAXIMUM_DEPTH = 512
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


class Refused(Exception):
    pass


def refuse_duplicates(pairs):
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise Refused("duplicate key")
    return dict(pairs)


def refuse_constant(name):
    raise Refused(f"{name} is not a JSON number")


def utf8_hex(text):
    try:
        return text.encode("utf-8").hex()
    except UnicodeEncodeError:
        raise Refused("lone surrogate")


def number_text(value):
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int) and INT_MIN <= value <= INT_MAX:
        return f"i{value}"
    if isinstance(value, int):
        # JSONParser keeps an integer beyond Int as the nearest Double, as float() rounds.
        try:
            value = float(value)
        except OverflowError:
            value = float("inf") if value > 0 else float("-inf")
    return "d%016x" % struct.unpack(">Q", struct.pack(">d", value))[0]


def canonical(value, depth=0):
    if value is None:
        return "n"
    if isinstance(value, (bool, int, float)):
        return number_text(value)
    if isinstance(value, str):
        return "s" + utf8_hex(value)
    if depth + 1 > MAXIMUM_DEPTH:
        raise Refused("too deep")
    if isinstance(value, list):
        return "[" + ",".join(canonical(item, depth + 1) for item in value) + "]"
    members = sorted((utf8_hex(key), canonical(member, depth + 1)) for key, member in value.items())
    return "{" + ",".join(f"{key}:{member}" for key, member in members) + "}"


def python_verdict(data):
    """('accept', canonical) or ('refuse', reason)."""
    try:
        text = data.decode("utf-8")
        value = json.loads(text, object_pairs_hook=refuse_duplicates, parse_constant=refuse_constant)
        return "accept", canonical(value)
    except (UnicodeDecodeError, json.JSONDecodeError, Refused) as error:
        return "refuse", str(error)
    except RecursionError:
        return "refuse", "nested too deep for Python"


def main():
    tool, folders = sys.argv[1], sys.argv[2:]
    sys.setrecursionlimit(20000)
    output = subprocess.run([tool, *folders], check=True, capture_output=True).stdout.decode("utf-8")
    files = accepted = refused = 0
    disagreements = []
    # Records end with "\n" alone: splitlines() would also break at the form feeds and line
    # separators (U+2028) a refusal may quote from the document.
    for line in output.split("\n"):
        if not line:
            continue
        path, swift, detail = line.split("\t", 2)
        with open(path, "rb") as handle:
            data = handle.read()
        python, reference = python_verdict(data)
        files += 1
        accepted += swift == "accept"
        refused += swift == "refuse"
        if swift != python:
            disagreements.append(f"{path}: JSONParser {swift}s ({detail}), Python {python}s ({reference})")
        elif swift == "accept" and detail != reference:
            disagreements.append(f"{path}: both accept, values differ: JSONParser {detail[:200]} vs Python {reference[:200]}")
    print(f"{files} files: JSONParser accepts {accepted}, refuses {refused}; {len(disagreements)} disagree with Python's json")
    for disagreement in disagreements[:50]:
        print(disagreement)
    sys.exit(1 if disagreements or files == 0 else 0)


if __name__ == "__main__":
    main()
