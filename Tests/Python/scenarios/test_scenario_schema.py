"""The published JSON Schema for scenarios agrees with `sync-verifier validate`:
every bundled scenario and test fixture is valid under it, and the broken
files whose problem is structural (not a name the org lacks) are refused."""
import json
import pathlib

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
SCHEMA = json.loads((ROOT / "Scenarios" / "scenario.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

def is_scenario(path):
    """Org and program files kept beside scenarios (Scenarios/orgs/) have formats of their own."""
    return json.loads(path.read_text()).get("format") not in ("sync-verifier/org@1", "sync-verifier/program@1")


GOOD = sorted(p for p in (ROOT / "Scenarios").rglob("*.json") if not p.name.endswith(".schema.json") and is_scenario(p)) + sorted(
    (ROOT / "Tests" / "SyncVerifierTests" / "Fixtures" / "scenarios").glob("*.json"))

# Broken files whose mistake is in the shape (the schema must refuse them);
# the others name things only `validate` can check against the org.
STRUCTURAL = ["02-top-level-array", "03-unknown-top-key", "04-missing-steps", "05-wrong-format", "06-name-not-slug",
              "08-checklist-not-strings", "09-unknown-dialect", "12-step-without-keyword", "13-step-two-keywords",
              "14-unknown-act-verb", "23-within-negative", "24-within-missing", "25-within-string", "32-matcher-two-operators",
              "34-connector-unknown-setting", "36-bad-direction", "37-setup-with-expect", "39-unknown-expect-kind", "40-count-negative",
              "41-requests-without-bound", "42-requests-unknown-field",
              # scenario@2's systems
              "49-no-vendor-crm", "50-two-prms", "51-partner-without-partner", "53-unknown-role", "56-systems-in-format-1",
              "57-org-on-the-prm", "58-system-name-not-slug", "59-unknown-partner-dialect"]
BROKEN = ROOT / "Tests" / "SyncVerifierTests" / "Fixtures" / "broken"


def test_the_schema_is_a_valid_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", GOOD + sorted((ROOT / "Examples").rglob("*scenario*.json")), ids=lambda p: p.name)
def test_bundled_scenarios_are_valid(path):
    errors = sorted(VALIDATOR.iter_errors(json.loads(path.read_text())), key=str)
    assert errors == [], [e.message for e in errors]


@pytest.mark.parametrize("name", STRUCTURAL)
def test_structurally_broken_files_are_refused(name):
    document = json.loads((BROKEN / f"{name}.json").read_text())
    assert not VALIDATOR.is_valid(document)
