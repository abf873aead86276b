"""`sync-verifier serve` for people: the variables as export or .env lines,
--seed a number and --org the org, the README's curl recipe, and a request log
that shows what the client saw (a reset as a reset) without the admin calls."""
import json
import os
import pathlib
import re
import shlex
import signal
import subprocess
import tempfile
import time

import pytest
import requests

from conftest import ServedWorld

ROOT = pathlib.Path(__file__).resolve().parents[3]


def start(binary, *args):
    log = tempfile.NamedTemporaryFile("w+", suffix=".log")
    process = subprocess.Popen([str(binary), "serve", *args], stdout=subprocess.PIPE, stderr=log, text=True, start_new_session=True)
    lines = []
    while not lines or not lines[-1].startswith(("export SV_ADMIN_URL=", "SV_ADMIN_URL=")):
        line = process.stdout.readline()
        assert line, "serve ended early: " + open(log.name).read()
        lines.append(line.rstrip("\n"))
    return process, lines, log


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    assert process.wait(timeout=10) == 0


def test_env_prints_shell_export_lines_a_shell_can_source(sync_verifier_binary, tmp_path):
    process, lines, log = start(sync_verifier_binary, "--env")
    try:
        assert all(re.fullmatch(r"export SV_[A-Z_]+=\S+", line) for line in lines), lines
        env_file = tmp_path / "serve.env"
        env_file.write_text("\n".join(lines) + "\n")
        shown = subprocess.run(["bash", "-c", '. "$1"; echo "$SV_CRM_URL $SV_CA_BUNDLE"', "-", str(env_file)],
                               capture_output=True, text=True, check=True).stdout.split()
        variables = dict(shlex.split(line)[1].split("=", 1) for line in lines)
        assert shown == [variables["SV_CRM_URL"], variables["SV_CA_BUNDLE"]]
        assert set(variables) >= {"SV_CRM_DIALECT", "SV_CRM_URL", "SV_CRM_TOKEN_URL", "SV_CRM_CLIENT_ID", "SV_CRM_CLIENT_SECRET",
                                  "SV_PRM_URL", "SV_PRM_API_KEY", "SV_CA_BUNDLE", "SV_ADMIN_URL"}
    finally:
        stop(process)


def test_dotenv_prints_name_value_lines(sync_verifier_binary):
    process, lines, _ = start(sync_verifier_binary, "--format", "dotenv", "--http")
    try:
        assert all(re.fullmatch(r"SV_[A-Z_]+=[^\s'\"]+", line) for line in lines), lines
        assert any(line.startswith("SV_CRM_URL=http://127.0.0.1:") for line in lines)
    finally:
        stop(process)


def test_seed_is_a_number_and_org_names_the_org(sync_verifier_binary):
    refused = subprocess.run([str(sync_verifier_binary), "serve", "--seed", "partner-channel"], capture_output=True, text=True, timeout=30)
    assert refused.returncode == 2
    assert "--seed takes a number (the fault seed, as in run); to name the org, use --org partner-channel" in refused.stderr
    world = ServedWorld(sync_verifier_binary, "--org", "default", "--seed", "42")
    try:
        time.sleep(0.3)
        world.log.seek(0)
        assert "serving Salesforce org 'default'" in world.log.read()
    finally:
        world.stop()


def readme_recipe():
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Try the fakes"):]
    return re.search(r"Log in with the OAuth.*?```sh\n(.*?)```", section, re.S).group(1)


def test_the_readme_curl_recipe_gets_its_token_first(sync_verifier_binary):
    recipe = readme_recipe()
    assert recipe.index("TOKEN=$(") < recipe.index("$TOKEN")
    world = ServedWorld(sync_verifier_binary)
    try:
        out = subprocess.run(["bash", "-euo", "pipefail", "-c", recipe], env={**os.environ, **world.env},
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        answers = [json.loads(line) for line in out.stdout.replace("}{", "}\n{").splitlines() if line.strip()]
        assert answers[0]["done"] is True and answers[0]["totalSize"] >= 1
        assert answers[1]["data"][0]["id"].startswith("prt_")
    finally:
        world.stop()


def test_the_request_log_shows_a_reset_as_a_reset_and_no_admin_calls(sync_verifier_binary):
    world = ServedWorld(sync_verifier_binary, "--http")
    try:
        env = world.env
        fault = requests.post(env["SV_PRM_URL"] + "/__admin/faults", json={"type": "outage", "kind": "reset", "scope": {"requestCount": 1}}, timeout=10)
        assert fault.status_code == 201
        headers = {"X-API-Key": env["SV_PRM_API_KEY"]}
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get(env["SV_PRM_URL"] + "/api/v1/partners", headers=headers, timeout=10)
        assert requests.get(env["SV_PRM_URL"] + "/api/v1/partners", headers=headers, timeout=10).status_code == 200
        time.sleep(0.5)
        world.log.seek(0)
        log = world.log.read()
    finally:
        world.stop()
    lines = [line for line in log.splitlines() if line.startswith("[")]
    assert "[prm] GET /api/v1/partners → connection reset, no answer (outage:reset)" in lines, log
    assert "[prm] GET /api/v1/partners → 200" in lines, log
    assert not any("__admin" in line for line in lines), log
