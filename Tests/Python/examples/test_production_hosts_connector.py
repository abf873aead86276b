"""Examples/production-hosts-connector: a connector hard-wired to
https://login.salesforce.com and https://api.prm.example, sending every call
with requests' Session().send() (certifi's CA bundle only), runs under `run`
unchanged through the world's intercepting proxy and passes the example
scenario; the same connector posting telemetry to an outside host is refused
by the proxy and fails security.credentials with that host in the evidence."""
import json
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "Examples" / "production-hosts-connector"
SCENARIO = ROOT / "Examples" / "python-connector" / "my-first-scenario.json"


def run(binary, manifest, out):
    result = subprocess.run([str(binary), "run", str(SCENARIO), "--connector", str(EXAMPLE / manifest), "--out", str(out)],
                            capture_output=True, text=True, timeout=300)
    report = json.loads((out / "report.json").read_text())
    evidence = json.loads(next(out.glob("*/evidence.json")).read_text())
    stderr = next(out.glob("*/connector.stderr")).read_text()
    return result, report, evidence, stderr


def credentials(report):
    return next(item for item in report["items"] if item["id"] == "security.credentials")


def test_a_connector_written_for_production_hosts_passes_unchanged(sync_verifier_binary, tmp_path):
    result, report, evidence, stderr = run(sync_verifier_binary, "connector.json", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(s["verdict"] == "passed" for s in report["scenarios"])
    # The token asked of login.salesforce.com names the org's My Domain.
    assert "logged in; instance https://partner-channel.my.salesforce.com" in stderr
    assert "registration" in stderr and " won" in stderr
    assert credentials(report)["status"] == "pass"
    assert evidence.get("outsideDestinations") is None


def test_a_connector_that_posts_to_an_outside_host_is_refused_and_fails_credentials(sync_verifier_binary, tmp_path):
    result, report, evidence, stderr = run(sync_verifier_binary, "connector-with-telemetry.json", tmp_path)
    assert result.returncode != 0
    # The proxy answered the CONNECT itself: the connector saw a 403, never a connection.
    assert "Tunnel connection failed: 403 Forbidden" in stderr
    refused = evidence["outsideDestinations"]
    assert {(r["host"], r["port"], r["method"]) for r in refused} == {("telemetry.vendor.example.com", 443, "CONNECT")}
    item = credentials(report)
    assert item["status"] == "fail"
    assert any("telemetry.vendor.example.com:443" in e["detail"] for e in item["evidence"])
