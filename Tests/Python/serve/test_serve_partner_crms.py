"""`sync-verifier serve --partner-crm`: a partner's own Salesforce beside the
vendor's, described with every other system in the SV_SYSTEMS file, reached by
simple-salesforce with its own credentials, and deaf to the vendor's token."""
import json

import pytest
import requests
from simple_salesforce import Salesforce

from conftest import ServedWorld


@pytest.fixture(scope="module")
def world(sync_verifier_binary):
    served = ServedWorld(sync_verifier_binary, "--partner-crm", "northwind-crm", "--partner-crm", "contoso=salesforce:partner-reseller")
    yield served
    served.stop()


def systems(world):
    with open(world.env["SV_SYSTEMS"]) as handle:
        return json.load(handle)


def token(system, ca):
    variables = system["variables"]
    answer = requests.post(variables["SV_CRM_TOKEN_URL"], verify=ca, data={
        "grant_type": "client_credentials", "client_id": variables["SV_CRM_CLIENT_ID"], "client_secret": variables["SV_CRM_CLIENT_SECRET"]})
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def test_the_systems_file_lists_every_system_with_its_role(world):
    document = systems(world)
    assert document["format"] == "sync-verifier/systems@1"
    assert [(s["name"], s["role"]) for s in document["systems"]] == [
        ("crm", "vendor"), ("northwind-crm", "partner"), ("contoso", "partner"), ("prm", "prm")]
    vendor = document["systems"][0]
    assert vendor["url"] == world.env["SV_CRM_URL"]
    assert vendor["variables"]["SV_CRM_CLIENT_SECRET"] == world.env["SV_CRM_CLIENT_SECRET"]
    northwind = document["systems"][1]
    assert northwind["partner"] == "northwind" and northwind["partnerId"].startswith("prt_")
    assert document["systems"][3]["variables"]["SV_PRM_API_KEY"] == world.env["SV_PRM_API_KEY"]


def test_simple_salesforce_reads_a_partner_org_with_its_own_token(world, monkeypatch):
    ca = world.env["SV_CA_BUNDLE"]
    # simple-salesforce's requests trust what REQUESTS_CA_BUNDLE names, as a user would set it.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", ca)
    northwind = systems(world)["systems"][1]
    session = requests.Session()
    sf = Salesforce(instance_url=northwind["url"], session_id=token(northwind, ca), version="59.0", session=session)
    accounts = sf.query("SELECT Id, Name FROM Account ORDER BY Name")["records"]
    assert [a["Name"] for a in accounts] == ["Globex Corp.", "Umbrella Holdings"]
    vendor_accounts = Salesforce(
        instance_url=world.env["SV_CRM_URL"], session_id=token(systems(world)["systems"][0], ca), version="59.0", session=session
    ).query("SELECT Id FROM Account")["records"]
    assert not {a["Id"] for a in accounts} & {a["Id"] for a in vendor_accounts}, "two orgs never share an id"


def test_a_token_of_one_org_is_refused_by_another(world):
    ca = world.env["SV_CA_BUNDLE"]
    listed = systems(world)["systems"]
    vendor_token = token(listed[0], ca)
    answer = requests.get(listed[1]["url"] + "/services/data/v59.0/sobjects/Account", verify=ca, headers={"Authorization": "Bearer " + vendor_token})
    assert answer.status_code == 401
    assert answer.json()[0]["errorCode"] == "INVALID_SESSION_ID"


def test_an_unknown_partner_is_refused(sync_verifier_binary):
    with pytest.raises(RuntimeError, match="no partner 'initech' in the program"):
        ServedWorld(sync_verifier_binary, "--partner-crm", "initech")
