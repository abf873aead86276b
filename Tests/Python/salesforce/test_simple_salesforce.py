"""The unmodified simple-salesforce client against the fake Salesforce org.

The client is pointed at the fake only through `instance_url`, a `session_id`
obtained from the fake's OAuth token endpoint with plain `requests`, and the CA
bundle of the test CA (simple-salesforce's own login always goes to
salesforce.com hosts, so it is not used).
"""
import datetime
import os

import pytest
import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import (
    SalesforceExpiredSession,
    SalesforceMalformedRequest,
    SalesforceMoreThanOneRecord,
    SalesforceRefusedRequest,
    SalesforceResourceNotFound,
)

VERSION = "59.0"


def token(env, **extra):
    response = requests.post(
        env["SV_CRM_TOKEN_URL"],
        data={
            "grant_type": "client_credentials",
            "client_id": env["SV_CRM_CLIENT_ID"],
            "client_secret": env["SV_CRM_CLIENT_SECRET"],
            **extra,
        },
        verify=env["SV_CA_BUNDLE"],
        timeout=10,
    )
    response.raise_for_status()
    return response.json()


def client(env, session_id=None):
    # requests lets REQUESTS_CA_BUNDLE override a session's `verify`, so the
    # CA goes in the environment, as the harness gives it to connectors.
    session = requests.Session()
    session.verify = env["SV_CA_BUNDLE"]
    return Salesforce(
        instance_url=env["SV_CRM_URL"], session_id=session_id or token(env)["access_token"], version=VERSION, session=session
    )


@pytest.fixture(scope="module", autouse=True)
def _trust(trust_test_ca):
    """requests trusts the test CA for this module (see conftest.trust_test_ca)."""
    yield


@pytest.fixture(scope="module")
def sf(served, trust_test_ca):
    return client(served.env)


def test_token_response_has_salesforce_shape(served):
    grant = token(served.env)
    assert grant["token_type"] == "Bearer"
    assert grant["instance_url"] == served.env["SV_CRM_URL"]
    assert grant["issued_at"].isdigit()
    assert set(grant) >= {"access_token", "instance_url", "id", "token_type", "issued_at", "signature"}
    bad = requests.post(
        served.env["SV_CRM_TOKEN_URL"],
        data={"grant_type": "client_credentials", "client_id": served.env["SV_CRM_CLIENT_ID"], "client_secret": "wrong"},
        verify=served.env["SV_CA_BUNDLE"],
    )
    assert bad.status_code == 400
    assert bad.json() == {"error": "invalid_client", "error_description": "invalid client credentials"}


def test_describe_and_metadata(sf):
    described = sf.describe()
    names = {o["name"] for o in described["sobjects"]}
    assert {"Account", "Contact", "Lead", "Opportunity", "User", "RecordType", "MDF_Request__c"} <= names
    assert described["maxBatchSize"] == 200
    account = sf.Account.describe()
    fields = {f["name"]: f for f in account["fields"]}
    assert fields["Id"]["type"] == "id"
    assert fields["Name"]["nillable"] is False
    assert fields["PRM_Partner_Id__c"]["externalId"] is True
    assert fields["PRM_Partner_Id__c"]["custom"] is True
    opportunity = sf.Opportunity.describe()
    stage = next(f for f in opportunity["fields"] if f["name"] == "StageName")
    assert "Closed Won" in [p["value"] for p in stage["picklistValues"]]
    assert any(rt["developerName"] == "Partner_Deal" for rt in opportunity["recordTypeInfos"])
    metadata = sf.Account.metadata()
    assert metadata["objectDescribe"]["keyPrefix"] == "001"
    assert isinstance(metadata["recentItems"], list)


def test_create_get_update_delete(sf):
    created = sf.Account.create({"Name": "Wayne Enterprises", "Industry": "Manufacturing", "AnnualRevenue": 5000000})
    assert created["success"] is True and created["errors"] == []
    account_id = created["id"]
    assert len(account_id) == 18 and account_id.startswith("001")
    record = sf.Account.get(account_id)
    assert record["Name"] == "Wayne Enterprises"
    assert record["attributes"]["type"] == "Account"
    assert record["CreatedDate"].endswith("+0000")
    assert sf.Account.get(account_id[:15])["Id"] == account_id
    assert sf.Account.update(account_id, {"Industry": "Technology"}) == 204
    assert sf.Account.get(account_id)["Industry"] == "Technology"
    contact = sf.Contact.create({"LastName": "Wayne", "AccountId": account_id[:15]})
    assert sf.Contact.get(contact["id"])["AccountId"] == account_id
    assert sf.Account.delete(account_id) == 204
    with pytest.raises(SalesforceResourceNotFound):
        sf.Account.get(account_id)


def test_custom_ids_and_upsert(sf):
    assert sf.Account.upsert("PRM_Partner_Id__c/prt_upsert_1", {"Name": "Upsert Partner", "IsPartner": True}) == 201
    fetched = sf.Account.get_by_custom_id("PRM_Partner_Id__c", "prt_upsert_1")
    assert fetched["Name"] == "Upsert Partner"
    assert sf.Account.upsert("PRM_Partner_Id__c/prt_upsert_1", {"Name": "Upsert Partner Renamed"}) in (200, 204)
    assert sf.Account.get_by_custom_id("PRM_Partner_Id__c", "prt_upsert_1")["Name"] == "Upsert Partner Renamed"
    with pytest.raises(SalesforceResourceNotFound):
        sf.Account.get_by_custom_id("PRM_Partner_Id__c", "no-such-partner")


def test_query_paging_query_more_and_query_all(sf):
    records = [{"attributes": {"type": "Lead"}, "LastName": f"Paging {i:04d}", "Company": "Paging Co"} for i in range(2100)]
    for start in range(0, len(records), 200):
        results = sf.restful("composite/sobjects", method="POST", json={"allOrNone": True, "records": records[start:start + 200]})
        assert all(r["success"] for r in results)
    first = sf.query("SELECT Id, LastName FROM Lead WHERE Company = 'Paging Co' ORDER BY LastName")
    assert first["totalSize"] == 2100
    assert first["done"] is False
    assert len(first["records"]) == 2000
    assert first["nextRecordsUrl"].startswith(f"/services/data/v{VERSION}/query/")
    second = sf.query_more(first["nextRecordsUrl"], identifier_is_url=True)
    assert second["done"] is True and len(second["records"]) == 100
    assert second["records"][-1]["LastName"] == "Paging 2099"
    every = sf.query_all("SELECT Id FROM Lead WHERE Company = 'Paging Co'")
    assert every["totalSize"] == 2100 and len(every["records"]) == 2100
    count = sf.query("SELECT COUNT() FROM Lead WHERE Company = 'Paging Co'")
    assert count["totalSize"] == 2100 and count["records"] == []


def test_query_relationships_and_deleted_rows(sf):
    account = sf.Account.create({"Name": "Relationship Test"})["id"]
    sf.Contact.create({"LastName": "Child", "AccountId": account})
    rows = sf.query(f"SELECT Id, Account.Name FROM Contact WHERE AccountId = '{account}'")["records"]
    assert rows[0]["Account"]["Name"] == "Relationship Test"
    lead = sf.Lead.create({"LastName": "Gone", "Company": "Deleted Co"})["id"]
    sf.Lead.delete(lead)
    assert sf.query("SELECT Id FROM Lead WHERE Company = 'Deleted Co'")["totalSize"] == 0
    all_rows = sf.query_all("SELECT Id, IsDeleted FROM Lead WHERE Company = 'Deleted Co'", include_deleted=True)
    assert all_rows["records"][0]["IsDeleted"] is True


def test_updated_and_deleted(sf):
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    lead = sf.Lead.create({"LastName": "Window", "Company": "Window Co"})["id"]
    gone = sf.Lead.create({"LastName": "Window Gone", "Company": "Window Co"})["id"]
    sf.Lead.delete(gone)
    end = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=2)
    updated = sf.Lead.updated(start, end)
    assert lead in updated["ids"]
    assert "latestDateCovered" in updated
    deleted = sf.Lead.deleted(start, end)
    assert gone in [d["id"] for d in deleted["deletedRecords"]]
    assert {"earliestDateAvailable", "latestDateCovered"} <= set(deleted)


def test_limits_and_api_usage(sf):
    limits = sf.limits()
    assert limits["DailyApiRequests"]["Max"] == 100000
    assert limits["DailyApiRequests"]["Remaining"] < 100000
    usage = sf.api_usage["api-usage"]
    assert usage.total == 100000 and usage.used > 0


def test_composite_collections(sf):
    results = sf.restful(
        "composite/sobjects",
        method="POST",
        json={"allOrNone": False, "records": [
            {"attributes": {"type": "Account"}, "Name": "Composite One"},
            {"attributes": {"type": "Account"}},
        ]},
    )
    assert results[0]["success"] is True
    assert results[1]["success"] is False
    assert results[1]["errors"][0]["statusCode"] == "REQUIRED_FIELD_MISSING"
    rolled_back = sf.restful(
        "composite/sobjects",
        method="POST",
        json={"allOrNone": True, "records": [
            {"attributes": {"type": "Account"}, "Name": "Composite Two"},
            {"attributes": {"type": "Account"}},
        ]},
    )
    assert rolled_back[0]["errors"][0]["statusCode"] == "ALL_OR_NONE_OPERATION_ROLLED_BACK"
    assert sf.query("SELECT Id FROM Account WHERE Name = 'Composite Two'")["totalSize"] == 0


def test_exceptions_for_each_status(sf, served):
    with pytest.raises(SalesforceMalformedRequest) as bad:
        sf.query("SELECT Nme FROM Account")
    assert bad.value.content[0]["errorCode"] == "INVALID_FIELD"
    with pytest.raises(SalesforceMalformedRequest) as required:
        sf.Account.create({})
    assert required.value.content[0]["errorCode"] == "REQUIRED_FIELD_MISSING"
    with pytest.raises(SalesforceMalformedRequest) as picklist:
        sf.Opportunity.create({"Name": "x", "StageName": "Nope", "CloseDate": "2027-01-01"})
    assert picklist.value.content[0]["errorCode"] == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    with pytest.raises(SalesforceResourceNotFound):
        sf.Account.get("001000000000000AAA")
    expired = client(served.env, session_id="not-a-token")
    with pytest.raises(SalesforceExpiredSession) as unauthorized:
        expired.query("SELECT Id FROM Account")
    assert unauthorized.value.content[0]["errorCode"] == "INVALID_SESSION_ID"


def test_more_than_one_record_is_300(sf):
    # Contact.Legacy_Id__c is an external id without a uniqueness constraint.
    sf.Contact.create({"LastName": "Twin A", "Legacy_Id__c": "L-42"})
    sf.Contact.create({"LastName": "Twin B", "Legacy_Id__c": "L-42"})
    with pytest.raises(SalesforceMoreThanOneRecord) as many:
        sf.Contact.get_by_custom_id("Legacy_Id__c", "L-42")
    assert len(many.value.content) == 2
    assert all(url.startswith(f"/services/data/v{VERSION}/sobjects/Contact/") for url in many.value.content)


def test_request_limit_exceeded_is_403(sync_verifier_binary):
    from conftest import ServedWorld

    world = ServedWorld(sync_verifier_binary, "--daily-api-limit", "3")
    try:
        os.environ["REQUESTS_CA_BUNDLE"] = world.env["SV_CA_BUNDLE"]
        limited = client(world.env)
        for _ in range(3):
            limited.query("SELECT Id FROM Account LIMIT 1")
        assert limited.api_usage["api-usage"].used == 3
        with pytest.raises(SalesforceRefusedRequest) as refused:
            limited.query("SELECT Id FROM Account LIMIT 1")
        assert refused.value.content[0]["errorCode"] == "REQUEST_LIMIT_EXCEEDED"
    finally:
        world.stop()
