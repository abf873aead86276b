"""The worked example for outsiders (Examples/python-connector): a connector
using simple-salesforce and requests, run by the harness from its manifest,
passes the example scenario."""
import json
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
BINARY = ROOT / ".build" / "debug" / "sync-verifier"
EXAMPLE = ROOT / "Examples" / "python-connector"


def test_the_example_connector_earns_its_scenario(tmp_path):
    scenario = EXAMPLE / "my-first-scenario.json"
    if not BINARY.exists():
        pytest.skip("build sync-verifier first (swift build)")
    result = subprocess.run([str(BINARY), "run", str(scenario), "--connector", str(EXAMPLE / "connector.json"),
                             "--out", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["connector"] == "acme-sync (python example)"
    assert all(s["verdict"] == "passed" for s in report["scenarios"])
    stderr = next(tmp_path.glob("*/connector.stderr")).read_text()
    assert "[acme-sync] registration" in stderr
