"""The unmodified PowerPlatform-Dataverse-Client against `sync-verifier serve --crm dynamics`.

The client is configured as a user configures it for an app registration:
azure-identity's `ClientSecretCredential(tenant, client id, secret,
authority=SV_CRM_AUTHORITY, disable_instance_discovery=True)` and
`DataverseClient(SV_CRM_URL, credential)`. Both talk through `requests`, so
the test CA is trusted through REQUESTS_CA_BUNDLE. Nothing is patched.
"""
import os

import pytest
import requests
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import ClientSecretCredential
from PowerPlatform.Dataverse.client import DataverseClient
from PowerPlatform.Dataverse.core.errors import HttpError

from conftest import ServedWorld


@pytest.fixture(scope="module")
def org(sync_verifier_binary):
    world = ServedWorld(sync_verifier_binary, "--crm", "dynamics")
    previous = os.environ.get("REQUESTS_CA_BUNDLE")
    os.environ["REQUESTS_CA_BUNDLE"] = world.env["SV_CA_BUNDLE"]
    yield world
    if previous is None:
        os.environ.pop("REQUESTS_CA_BUNDLE")
    else:
        os.environ["REQUESTS_CA_BUNDLE"] = previous
    world.stop()
    assert world.process.returncode == 0


def credential(env, secret=None):
    return ClientSecretCredential(
        env["SV_CRM_TENANT_ID"], env["SV_CRM_CLIENT_ID"], secret or env["SV_CRM_CLIENT_SECRET"],
        authority=env["SV_CRM_AUTHORITY"], disable_instance_discovery=True,
    )


@pytest.fixture()
def client(org):
    with DataverseClient(org.env["SV_CRM_URL"], credential(org.env)) as dataverse:
        yield dataverse


def test_serve_prints_the_dynamics_contract(org):
    env = org.env
    assert env["SV_CRM_DIALECT"] == "dynamics"
    assert env["SV_CRM_AUTHORITY"].startswith("https://127.0.0.1:")
    assert env["SV_CRM_AUTHORITY"] != env["SV_CRM_URL"], "Entra ID answers on a port of its own"
    assert env["SV_CRM_TOKEN_URL"] == env["SV_CRM_AUTHORITY"] + "/" + env["SV_CRM_TENANT_ID"] + "/oauth2/v2.0/token"
    for name in ["SV_CRM_CLIENT_ID", "SV_CRM_CLIENT_SECRET", "SV_CA_BUNDLE", "SV_ADMIN_URL", "SV_PRM_URL", "SV_PRM_API_KEY"]:
        assert env[name]


def test_credential_gets_a_token_for_the_org(org):
    token = credential(org.env).get_token(org.env["SV_CRM_URL"] + "/.default")
    assert token.token.count(".") == 2
    assert token.expires_on > 0


def test_wrong_secret_is_refused_in_entras_words(org):
    with pytest.raises(ClientAuthenticationError) as raised:
        credential(org.env, secret="not-the-secret").get_token(org.env["SV_CRM_URL"] + "/.default")
    assert "AADSTS7000215" in str(raised.value)


def test_create_get_update_delete(client):
    record_id = client.records.create("account", {"name": "Contoso Judge", "accountnumber": "JUDGE-1", "industrycode": 33})
    got = client.records.retrieve("account", record_id, select=["name", "industrycode", "accountnumber"])
    assert got["name"] == "Contoso Judge"
    assert got["industrycode"] == 33
    assert got["accountid"] == record_id

    client.records.update("account", record_id, {"telephone1": "555-0100", "name": "Contoso Judged"})
    got = client.records.retrieve("account", record_id, select=["name", "telephone1"])
    assert (got["name"], got["telephone1"]) == ("Contoso Judged", "555-0100")

    client.records.delete("account", record_id)
    # retrieve answers None for Dataverse's 404; any other status would raise.
    assert client.records.retrieve("account", record_id) is None


def test_option_set_labels_are_turned_into_numbers_by_the_client(client):
    # The client reads the table's picklists (EntityDefinitions/…/PicklistAttributeMetadata) to map a label to its number.
    record_id = client.records.create("account", {"name": "Label Judge", "industrycode": "Consulting"})
    assert client.records.retrieve("account", record_id, select=["industrycode"])["industrycode"] == 7
    client.records.delete("account", record_id)


def test_formatted_values_come_with_include_annotations(client):
    record_id = client.records.create("account", {"name": "Annotated", "industrycode": 20})
    got = client.records.retrieve("account", record_id, select=["industrycode"], include_annotations="OData.Community.Display.V1.FormattedValue")
    assert got["industrycode@OData.Community.Display.V1.FormattedValue"] == "Manufacturing"
    client.records.delete("account", record_id)


def test_filtered_selected_ordered_query_across_pages(client):
    ids = [client.records.create("contact", {"firstname": f"Pager{n:02}", "lastname": "Judge", "jobtitle": "Buyer" if n % 2 else "Seller"}) for n in range(7)]
    pages = list(client.records.get(
        "contact", select=["firstname", "jobtitle"], filter="lastname eq 'Judge' and (jobtitle eq 'Buyer' or startswith(firstname,'Pager00'))",
        orderby=["firstname desc"], page_size=2,
    ))
    assert [len(page) for page in pages] == [2, 2]
    names = [row["firstname"] for page in pages for row in page]
    assert names == ["Pager05", "Pager03", "Pager01", "Pager00"]
    assert all(set(row) >= {"firstname", "jobtitle", "contactid"} and "lastname" not in row for page in pages for row in page)

    top = [row for page in client.records.get("contact", select=["firstname"], filter="lastname eq 'Judge'", orderby=["firstname"], top=3) for row in page]
    assert [row["firstname"] for row in top] == ["Pager00", "Pager01", "Pager02"]
    for record_id in ids:
        client.records.delete("contact", record_id)


def test_malformed_filter_is_a_400_with_dataverses_message(client):
    with pytest.raises(HttpError) as raised:
        list(client.records.get("account", filter="name eq 'unterminated"))
    assert raised.value.status_code == 400
    assert "unterminated string literal" in str(raised.value)


def test_lookups_bind_and_read_back_as_value_properties(client, org):
    account = client.records.create("account", {"name": "Lookup Parent"})
    contact = client.records.create("contact", {"lastname": "Child", "parentcustomerid_account@odata.bind": f"/accounts({account})"})
    got = client.records.retrieve("contact", contact, select=["_parentcustomerid_value", "fullname"])
    assert got["_parentcustomerid_value"] == account
    assert got["fullname"] == "Child"
    client.records.delete("contact", contact)
    client.records.delete("account", account)


def test_a_request_without_a_token_gets_the_entra_challenge(org):
    response = requests.get(org.env["SV_CRM_URL"] + "/api/data/v9.2/accounts", timeout=10)
    assert response.status_code == 401
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith("Bearer authorization_uri=" + org.env["SV_CRM_AUTHORITY"] + "/" + org.env["SV_CRM_TENANT_ID"])


def admin(env, method, path, body=None):
    return requests.request(method, env["SV_ADMIN_URL"] + path, json=body, verify=env["SV_CA_BUNDLE"], timeout=10)


def test_service_protection_429_reaches_the_client_with_retry_after(client, org):
    client.records.retrieve("account", "00000000-0000-4000-8000-000000000000")  # resolves the entity set before the limit
    assert admin(org.env, "POST", "/faults", {"type": "throttle", "limit": 0, "windowSeconds": 120}).status_code in (200, 201)
    try:
        with pytest.raises(HttpError) as raised:
            client.records.retrieve("account", "00000000-0000-4000-8000-000000000000")
        assert raised.value.status_code == 429
        details = raised.value.details
        assert details["retry_after"] >= 1
        assert details["service_error_code"] == "0x80072322"
        assert str(raised.value).startswith("Number of requests exceeded the limit of 6000 over time window of 300 seconds.")
    finally:
        admin(org.env, "DELETE", "/faults")


def test_lists_go_through_create_multiple_and_update_multiple(client):
    ids = client.records.create("lead", [{"subject": f"Bulk {n}", "leadsourcecode": "Web"} for n in range(3)])
    assert len(ids) == 3 and len(set(ids)) == 3
    client.records.update("lead", ids, {"companyname": "Bulk Co"})
    rows = [row for page in client.records.get("lead", select=["subject", "companyname", "leadsourcecode"], filter="startswith(subject,'Bulk ')", orderby=["subject"]) for row in page]
    assert [(row["subject"], row["companyname"], row["leadsourcecode"]) for row in rows] == [(f"Bulk {n}", "Bulk Co", 8) for n in range(3)]
    with pytest.raises(HttpError):
        client.records.create("lead", [{"subject": "Bulk ok"}, {"subject": "Bulk bad", "leadsourcecode": 99}])
    assert [row for page in client.records.get("lead", filter="subject eq 'Bulk ok'") for row in page] == [], "CreateMultiple is all or nothing"
    for record_id in ids:
        client.records.delete("lead", record_id)
