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
    result = subprocess.run([str(BINARY), "run", str(FIXTURES), "--connector", str(manifest), "--out", str(folder / "out"),
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
