"""The reports `sync-verifier run` writes, checked by outside tools: the JSON
report against its published schema, the JUnit XML against the common JUnit
structure, and the HTML report rendered by headless Chromium."""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import jsonschema
import pytest
import xmlschema

ROOT = pathlib.Path(__file__).resolve().parents[3]
BINARY = ROOT / ".build" / "debug" / "sync-verifier"
FIXTURES = ROOT / "Tests" / "SyncVerifierTests" / "Fixtures" / "scenarios"
CONNECTORS = ROOT / "Tests" / "SyncVerifierTests" / "Connectors"
SCREENSHOT = ROOT / "Tests" / "Python" / "reports" / "report-screenshot.png"


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    """One run of the fixture scenarios against a connector that syncs
    registrations (so there are passes and a failure to report)."""
    if not BINARY.exists():
        pytest.skip("build sync-verifier first (swift build)")
    folder = tmp_path_factory.mktemp("run")
    manifest = folder / "connector.json"
    manifest.write_text(json.dumps({"name": "syncs-registrations",
                                    "command": [sys.executable, str(CONNECTORS / "syncs_registrations.py")]}))
    # The two Salesforce fixtures: the HubSpot ones beside them need a connector that speaks HubSpot.
    scenarios = [str(FIXTURES / "registration.json"), str(FIXTURES / "idle.json")]
    result = subprocess.run([str(BINARY), "run", *scenarios, "--connector", str(manifest), "--out", str(folder / "out"),
                             "--require", "flow.mdf"], capture_output=True, text=True, timeout=300)
    # flow.mdf is not run by these scenarios, so the gate fails: exit 1 with the reason.
    assert result.returncode == 1, result.stdout + result.stderr
    assert "GATE FAILED: flow.mdf is not-run, not pass" in result.stdout
    return folder / "out"


def test_json_report_validates_against_its_schema(run_folder):
    schema = json.loads((ROOT / "Sources" / "SyncVerifier" / "Reports" / "report.schema.json").read_text())
    report = json.loads((run_folder / "report.json").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(report)
    assert len(report["items"]) == 36
    assert report["gate"]["passed"] is False
    statuses = {item["id"]: item["status"] for item in report["items"]}
    assert statuses["flow.deal-registration"] == "pass"
    assert statuses["flow.mdf"] == "not-run"


def test_junit_xml_validates_against_the_common_junit_schema(run_folder):
    schema = xmlschema.XMLSchema(str(ROOT / "Tests" / "Python" / "reports" / "junit-common.xsd"))
    junit = run_folder / "junit.xml"
    schema.validate(str(junit))
    text = junit.read_text()
    assert '<testsuite name="test-registration"' in text
    assert 'classname="test-registration"' in text
    # Each scenario its own start time (from report.json's run), each test case a name a person reads.
    report = json.loads((run_folder / "report.json").read_text())
    for scenario in report["run"]["scenarios"]:
        started = scenario["startedAt"][:19]
        assert re.search(r'<testsuite name="%s"[^>]* timestamp="%s"' % (scenario["name"], started), text)
    names = re.findall(r'<testcase name="([^"]*)"', text)
    assert names and all(re.match(r"(setup )?step \d+ [a-z]", name) for name in names), names


def test_markdown_summary_has_the_checklist_and_the_gate(run_folder):
    text = (run_folder / "summary.md").read_text()
    assert "**Gate failed:** flow.mdf is not-run, not pass" in text
    assert text.count("| `") >= 36


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    pytest.skip("headless Chromium is not installed (.ci/run installs the Debian package)")


def test_html_report_renders_in_headless_chromium(run_folder, tmp_path):
    browser = chromium()
    page = (run_folder / "report.html").as_uri()
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--user-data-dir=" + str(tmp_path / "profile")]
    # Refuse every network request, so a report that needs the network shows it.
    offline = ["--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9"]
    dom = subprocess.run(common + offline + ["--dump-dom", page], capture_output=True, text=True, timeout=120).stdout
    assert "Sync Verifier scorecard: syncs-registrations" in dom
    assert len(re.findall(r'<tr class="item ', dom)) == 36
    # The headline never states a score without what it covers.
    report = json.loads((run_folder / "report.json").read_text())
    ran = sum(1 for item in report["items"] if item["status"] != "not-run")
    assert ran < 36
    assert re.search(r'<span class="score">[0-9.]+</span> over <span class="coverage">%d of 36 items</span>' % ran, dom)
    # The facts a buyer prints: run date, harness version, connector and its command, dialect, seed, coverage.
    facts = dict(re.findall(r'<tr class="([a-z-]+)"><th>[^<]*</th><td>(.*?)</td></tr>', dom))
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", facts["run-date"])
    assert facts["harness"] == "sync-verifier " + report["run"]["harnessVersion"]
    assert "syncs-registrations" in facts["connector"]
    assert "syncs_registrations.py" in facts["command"]
    assert facts["dialect"] == "salesforce"
    assert facts["seed"] == str(report["seed"])
    assert facts["coverage"].startswith("%d of 36 checklist items ran" % ran)
    # Every scenario links to its evidence and the connector's output, relative to the report.
    for scenario in report["scenarios"]:
        name = scenario["name"]
        for file in ("evidence.json", "connector.stderr", "connector.stdout"):
            assert 'href="%s/%s"' % (name, file) in dom
        assert (run_folder / name / "evidence.json").exists()
    # The time item shows what was measured beside its verdict.
    row = re.search(r'<tr class="item [a-z-]+" id="setup.time-to-live">.*?</tr>', dom).group(0)
    assert re.search(r'<div class="measured">measured [0-9.]+ s</div>', row)
    # The grid names every column and its connector without hovering; the charts have axes.
    grid = re.search(r'<svg role="img" aria-label="Checklist grid".*?</svg>', dom).group(0)
    assert len(re.findall(r'<text class="column"', grid)) == 36
    assert '>syncs-registrations</text>' in grid
    assert dom.count('class="axis x"') >= 1 and 'seconds from the source write to the target write' in dom
    assert dom.count("<svg") >= 3  # checklist grid, lag histogram, coverage bars
    assert 'class="cell pass"' in dom
    assert "Gate failed" in dom
    assert "<script" not in dom and "http://" not in dom.replace("http://www.w3.org/2000/svg", "")
    shot = tmp_path / "report.png"
    subprocess.run(common + offline + ["--window-size=1280,1600", "--hide-scrollbars", "--screenshot=" + str(shot), page],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 20_000
    if os.environ.get("SV_UPDATE_SCREENSHOT"):
        shutil.copy(shot, SCREENSHOT)
