"""Faults injected through the admin API of a live `sync-verifier serve`, as
real clients meet them: simple-salesforce's own exceptions for throttling
and expired sessions, `requests` for broken connections and the PRM's 429."""
import time

import pytest
import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import (
    SalesforceExpiredSession,
    SalesforceGeneralError,
    SalesforceMalformedRequest,
    SalesforceRefusedRequest,
)

VERSION = "59.0"


@pytest.fixture(scope="module", autouse=True)
def _trust(trust_test_ca):
    """requests trusts the test CA for this module (see conftest.trust_test_ca)."""
    yield


@pytest.fixture(autouse=True)
def clean_slate(served):
    """Every test starts with no faults and an empty request log."""
    admin(served, "POST", "/reset").raise_for_status()
    yield
    admin(served, "POST", "/reset").raise_for_status()


def admin(served, method, path, json=None, prm=False):
    base = served.env["SV_PRM_URL"] + "/__admin" if prm else served.env["SV_ADMIN_URL"]
    return requests.request(method, base + path, json=json, timeout=10)


def inject(served, fault, prm=False):
    response = admin(served, "POST", "/faults", json=fault, prm=prm)
    assert response.status_code == 201, response.text
    return response.json()


def token(env, **form):
    response = requests.post(env["SV_CRM_TOKEN_URL"], data=form, timeout=10)
    response.raise_for_status()
    return response.json()


def client_token(env):
    return token(env, grant_type="client_credentials", client_id=env["SV_CRM_CLIENT_ID"], client_secret=env["SV_CRM_CLIENT_SECRET"])


def salesforce(env, session_id, version=VERSION):
    return Salesforce(instance_url=env["SV_CRM_URL"], session_id=session_id, version=version)


def test_a_throttle_makes_simple_salesforce_refuse_with_request_limit_exceeded(served):
    sf = salesforce(served.env, client_token(served.env)["access_token"])
    inject(served, {"type": "throttle", "limit": 3, "windowSeconds": 60})
    for used in (1, 2, 3):
        sf.query("SELECT Id FROM Account LIMIT 1")
        usage = sf.api_usage["api-usage"]
        assert (usage.used, usage.total) == (used, 3)
    with pytest.raises(SalesforceRefusedRequest) as refused:
        sf.query("SELECT Id FROM Account LIMIT 1")
    assert refused.value.status == 403
    assert refused.value.content == [{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]
    with pytest.raises(SalesforceRefusedRequest):
        sf.query("SELECT Id FROM Account LIMIT 1")
    log = admin(served, "GET", "/requests").json()
    queries = [e for e in log["data"] if "/query" in e["path"]]
    assert [e["status"] for e in queries] == [200, 200, 200, 403, 403]
    assert [e["sentDuringBackoff"] for e in queries] == [False, False, False, False, True]
    assert log["summary"]["throttled"] == 2 and log["summary"]["sentDuringBackoff"] == 1


def test_expired_sessions_then_a_refresh_token_grant(served):
    env = served.env
    username = salesforce(env, client_token(env)["access_token"]).query("SELECT Username FROM User LIMIT 1")["records"][0]["Username"]
    grant = token(
        env, grant_type="password", client_id=env["SV_CRM_CLIENT_ID"], client_secret=env["SV_CRM_CLIENT_SECRET"],
        username=username, password="test-password", scope="api refresh_token",
    )
    assert grant["refresh_token"]
    sf = salesforce(env, grant["access_token"])
    sf.query("SELECT Id FROM Account LIMIT 1")
    applied = inject(served, {"type": "auth", "action": "expireTokens"})
    assert applied["state"] == "applied" and applied["result"]["expiredTokens"] >= 1
    with pytest.raises(SalesforceExpiredSession) as expired:
        sf.query("SELECT Id FROM Account LIMIT 1")
    assert expired.value.status == 401
    assert expired.value.content[0]["errorCode"] == "INVALID_SESSION_ID"
    assert expired.value.content[0]["message"] == "Session expired or invalid"
    renewed = token(
        env, grant_type="refresh_token", refresh_token=grant["refresh_token"], client_id=env["SV_CRM_CLIENT_ID"],
        client_secret=env["SV_CRM_CLIENT_SECRET"],
    )
    assert renewed["access_token"] != grant["access_token"] and "refresh_token" not in renewed
    assert salesforce(env, renewed["access_token"]).query("SELECT COUNT() FROM Account")["totalSize"] > 0


def test_an_outage_reset_breaks_the_connection(served):
    env = served.env
    inject(served, {"type": "outage", "kind": "reset", "scope": {"pathPrefixes": ["/services/data/v59.0/query"]}})
    headers = {"Authorization": "Bearer " + client_token(env)["access_token"]}
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"{env['SV_CRM_URL']}/services/data/v{VERSION}/query", params={"q": "SELECT Id FROM Account"}, headers=headers, timeout=10)
    limits = requests.get(f"{env['SV_CRM_URL']}/services/data/v{VERSION}/limits", headers=headers, timeout=10)
    assert limits.status_code == 200, "outside the scope all is well"
    entries = admin(served, "GET", "/requests").json()["data"]
    reset = [e for e in entries if e["connection"] == "reset"]
    assert reset and reset[0]["faults"] == ["outage:reset"] and reset[0].get("status") is None


def test_an_outage_status_is_a_salesforce_error(served):
    sf = salesforce(served.env, client_token(served.env)["access_token"])
    inject(served, {"type": "outage", "kind": "status", "status": 503, "scope": {"requestCount": 1}})
    with pytest.raises(SalesforceGeneralError) as unavailable:
        sf.query("SELECT Id FROM Account LIMIT 1")
    assert unavailable.value.status == 503 and unavailable.value.content[0]["errorCode"] == "SERVER_UNAVAILABLE"
    assert sf.query("SELECT Id FROM Account LIMIT 1")["totalSize"] == 1, "the outage ended by itself"


def test_injected_latency_is_felt_by_the_client(served):
    sf = salesforce(served.env, client_token(served.env)["access_token"])
    inject(served, {"type": "latency", "latencyMs": 300, "scope": {"pathPrefixes": [f"/services/data/v{VERSION}/query"]}})
    started = time.monotonic()
    sf.query("SELECT Id FROM Account LIMIT 1")
    assert time.monotonic() - started >= 0.3


def test_drift_shows_in_describe_and_a_deleted_field_is_an_invalid_field(served):
    sf = salesforce(served.env, client_token(served.env)["access_token"])
    response = admin(served, "POST", "/drift", json={
        "change": "addField", "object": "Account", "field": {"name": "Drift_Note__c", "type": "string", "length": 40}, "backfill": "seeded",
    })
    assert response.status_code == 201, response.text
    names = {f["name"] for f in sf.Account.describe()["fields"]}
    assert "Drift_Note__c" in names
    account = sf.query("SELECT Id, Drift_Note__c FROM Account LIMIT 1")["records"][0]
    assert account["Drift_Note__c"] == "seeded"
    inject(served, {"type": "drift", "change": "deleteField", "object": "Account", "field": "Drift_Note__c"})
    with pytest.raises(SalesforceMalformedRequest) as invalid:
        sf.Account.update(account["Id"], {"Drift_Note__c": "x"})
    assert invalid.value.content == [{"message": "No such column 'Drift_Note__c' on sobject of type Account", "errorCode": "INVALID_FIELD"}]
    with pytest.raises(SalesforceMalformedRequest) as query:
        sf.query("SELECT Drift_Note__c FROM Account")
    assert query.value.content[0]["errorCode"] == "INVALID_FIELD"
    refused = admin(served, "POST", "/drift", json={"change": "deleteField", "object": "Account", "field": "Drift_Note__c"})
    assert refused.status_code == 422 and "no field" in refused.json()["error"]["message"]


def test_retired_versions_are_gone(served):
    env = served.env
    inject(served, {"type": "retireVersions", "below": "v40.0"})
    versions = [v["version"] for v in requests.get(f"{env['SV_CRM_URL']}/services/data", timeout=10).json()]
    assert versions[0] == "40.0"
    old = salesforce(env, client_token(env)["access_token"], version="39.0")
    with pytest.raises(SalesforceGeneralError) as gone:
        old.query("SELECT Id FROM Account LIMIT 1")
    assert gone.value.status == 410 and gone.value.content[0]["errorCode"] == "UNSUPPORTED_API_VERSION"


def test_the_prm_throttles_with_retry_after(served):
    env = served.env
    inject(served, {"type": "throttle", "limit": 2, "windowSeconds": 30}, prm=True)
    headers = {"Authorization": "Bearer " + env["SV_PRM_API_KEY"]}
    answers = [requests.get(f"{env['SV_PRM_URL']}/api/v1/partners", headers=headers, timeout=10) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[1].headers["X-RateLimit-Remaining"] == "0"
    refused = answers[2]
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 30 and refused.headers["X-RateLimit-Limit"] == "2"
    requests.get(f"{env['SV_PRM_URL']}/api/v1/partners", headers=headers, timeout=10)
    log = admin(served, "GET", "/requests", prm=True).json()
    assert [e["sentDuringBackoff"] for e in log["data"]] == [False, False, False, True]
    assert log["summary"]["byCredential"] == {"api-key:connector": 4}


def test_admin_values_are_strict(served):
    refused = admin(served, "POST", "/faults", json={"type": "throttle", "limit": 5, "windowSecs": 60})
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid_fault" and "windowSecs" in refused.json()["error"]["message"]
    listed = admin(served, "GET", "/faults").json()
    assert listed == {"data": []}
