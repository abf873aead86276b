"""The Singer tap-salesforce (PyPI, unmodified) against the fake org through
`serve --proxy`: it logs in at https://login.salesforce.com with a refresh
token, follows the token's instance_url (the org's My Domain), discovers the
org, and syncs selected streams in its REST and its BULK (Bulk API 1.0) modes;
every seeded record arrives with its field values, and the state bookmark
advances on a second run after new records are created.

tap-salesforce pins jsonschema 2.6 (through singer-python), which the other
suites cannot share, so it lives in a virtual environment of its own, made
once from Examples/tap-salesforce/requirements.txt.
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import pytest
import requests

from conftest import ROOT, ServedWorld

VENV = pathlib.Path(tempfile.gettempdir()) / "sv-tap-salesforce-venv"
REQUIREMENTS = ROOT / "Examples" / "tap-salesforce" / "requirements.txt"
STREAMS = ("Account", "Contact")


@pytest.fixture(scope="module")
def tap():
    binary = VENV / "bin" / "tap-salesforce"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "-r", str(REQUIREMENTS)], check=True, timeout=600)
    return binary


@pytest.fixture(scope="module")
def world(sync_verifier_binary):
    served = ServedWorld(sync_verifier_binary, "--proxy")
    yield served
    served.stop()


def environment(env):
    variables = dict(os.environ)
    variables.update({"HTTPS_PROXY": env["SV_PROXY_URL"], "NO_PROXY": "127.0.0.1,localhost",
                      "REQUESTS_CA_BUNDLE": env["SV_CA_BUNDLE"], "SSL_CERT_FILE": env["SV_CA_BUNDLE"]})
    return variables


def config(env, folder, api_type):
    path = folder / f"config-{api_type}.json"
    path.write_text(json.dumps({"client_id": env["SV_CRM_CLIENT_ID"], "client_secret": env["SV_CRM_CLIENT_SECRET"],
                                "refresh_token": env["SV_CRM_REFRESH_TOKEN"], "start_date": "2000-01-01T00:00:00Z",
                                "api_type": api_type, "select_fields_by_default": True}))
    return path


def run_tap(tap, env, *arguments):
    result = subprocess.run([str(tap), *map(str, arguments)], env=environment(env), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout, result.stderr


def messages(output):
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def soql(env, query):
    token = requests.post(env["SV_CRM_TOKEN_URL"], data={"grant_type": "client_credentials", "client_id": env["SV_CRM_CLIENT_ID"],
                                                         "client_secret": env["SV_CRM_CLIENT_SECRET"]}, verify=env["SV_CA_BUNDLE"], timeout=10).json()
    reply = requests.get(f"{env['SV_CRM_URL']}/services/data/v59.0/query", params={"q": query},
                         headers={"Authorization": f"Bearer {token['access_token']}"}, verify=env["SV_CA_BUNDLE"], timeout=10)
    reply.raise_for_status()
    return token, reply.json()["records"]


@pytest.fixture(scope="module")
def catalog(tap, world, tmp_path_factory):
    folder = tmp_path_factory.mktemp("tap")
    output, errors = run_tap(tap, world.env, "--config", config(world.env, folder, "REST"), "--discover")
    assert "https://login.salesforce.com/services/oauth2/token" in errors
    discovered = json.loads(output)
    for stream in discovered["streams"]:
        if stream["stream"] in STREAMS:
            for entry in stream["metadata"]:
                if entry["breadcrumb"] == []:
                    entry["metadata"].update({"selected": True, "replication-method": "INCREMENTAL", "replication-key": "SystemModstamp"})
    path = folder / "catalog.json"
    path.write_text(json.dumps(discovered))
    return discovered, path, folder


def test_discover_finds_the_orgs_objects_and_fields(catalog):
    discovered, _, _ = catalog
    streams = {s["stream"]: s for s in discovered["streams"]}
    assert {"Account", "Contact", "Opportunity", "Lead", "MDF_Request__c"} <= set(streams)
    account = streams["Account"]["schema"]["properties"]
    assert {"Id", "Name", "PRM_Partner_Id__c", "SystemModstamp"} <= set(account)


@pytest.mark.parametrize("api_type", ["REST", "BULK"])
def test_sync_delivers_every_seeded_record_and_the_bookmark_advances(tap, world, catalog, api_type):
    _, catalog_path, folder = catalog
    env = world.env
    settings = config(env, folder, api_type)
    output, errors = run_tap(tap, env, "--config", settings, "--properties", catalog_path)
    if api_type == "BULK":
        assert "services/async" in errors, "BULK mode reads through Bulk API 1.0"
    emitted = messages(output)
    for stream in STREAMS:
        records = {m["record"]["Id"]: m["record"] for m in emitted if m["type"] == "RECORD" and m["stream"] == stream}
        _, seeded = soql(env, f"SELECT Id, Name, SystemModstamp FROM {stream}")
        assert set(records) == {r["Id"] for r in seeded}
        for row in seeded:
            assert records[row["Id"]]["Name"] == row["Name"]
    states = [m["value"] for m in emitted if m["type"] == "STATE"]
    first = states[-1]["bookmarks"]["Account"]["SystemModstamp"]
    state_path = folder / f"state-{api_type}.json"
    state_path.write_text(json.dumps(states[-1]))

    time.sleep(1.1)  # a later SystemModstamp than every record so far
    token, _ = soql(env, "SELECT Id FROM Account LIMIT 1")
    created = requests.post(f"{env['SV_CRM_URL']}/services/data/v59.0/sobjects/Account", json={"Name": f"After the first {api_type} sync"},
                            headers={"Authorization": f"Bearer {token['access_token']}"}, verify=env["SV_CA_BUNDLE"], timeout=10).json()
    output, _ = run_tap(tap, env, "--config", settings, "--properties", catalog_path, "--state", state_path)
    emitted = messages(output)
    again = [m["record"] for m in emitted if m["type"] == "RECORD" and m["stream"] == "Account"]
    assert created["id"] in {r["Id"] for r in again}
    assert all(r["SystemModstamp"] >= first for r in again), "only records changed since the bookmark"
    second = [m["value"] for m in emitted if m["type"] == "STATE"][-1]["bookmarks"]["Account"]["SystemModstamp"]
    assert second > first
