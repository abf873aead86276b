"""The unmodified simple-salesforce bulk handlers against the fake org:
`sf.bulk2.<Object>` (Bulk API 2.0 ingest and query jobs, CSV) and
`sf.bulk.<Object>` (Bulk API 1.0 JSON jobs and batches).

The client is pointed at the fake as test_simple_salesforce.py points it:
`instance_url`, a session from the fake's token endpoint, the test CA.
"""
import csv
import io

import pytest
import requests
from simple_salesforce import Salesforce

VERSION = "59.0"


def session_id(env):
    response = requests.post(
        env["SV_CRM_TOKEN_URL"],
        data={"grant_type": "client_credentials", "client_id": env["SV_CRM_CLIENT_ID"], "client_secret": env["SV_CRM_CLIENT_SECRET"]},
        verify=env["SV_CA_BUNDLE"],
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["access_token"]


@pytest.fixture(scope="module")
def sf(served, trust_test_ca):
    session = requests.Session()
    session.verify = served.env["SV_CA_BUNDLE"]
    return Salesforce(instance_url=served.env["SV_CRM_URL"], session_id=session_id(served.env), version=VERSION, session=session)


def rows(csv_text):
    return list(csv.DictReader(io.StringIO(csv_text)))


def test_bulk2_insert_then_query_reads_every_row_back(sf):
    records = [{"Name": f"Bulk2 Insert {n}", "NumberOfEmployees": str(n)} for n in range(30)]
    results = sf.bulk2.Account.insert(records=records, wait=0)
    assert len(results) == 1
    assert results[0]["numberRecordsProcessed"] == 30
    assert results[0]["numberRecordsFailed"] == 0
    job_id = results[0]["job_id"]
    successes = rows(sf.bulk2.Account.get_successful_records(job_id))
    assert [r["Name"] for r in successes] == [r["Name"] for r in records]
    assert all(r["sf__Created"] == "true" and r["sf__Id"].startswith("001") for r in successes)

    pages = list(sf.bulk2.Account.query("SELECT Id, Name, NumberOfEmployees FROM Account WHERE Name LIKE 'Bulk2 Insert%'", max_records=7, wait=0))
    assert len(pages) == 5, "30 rows at 7 a page"
    read = [row for page in pages for row in rows(page)]
    assert sorted((r["Name"], r["NumberOfEmployees"]) for r in read) == sorted((r["Name"], r["NumberOfEmployees"]) for r in records)
    assert {r["Id"] for r in read} == {r["sf__Id"] for r in successes}


def test_bulk2_reports_failed_rows_with_their_values(sf):
    results = sf.bulk2.Contact.insert(records=[{"LastName": "Good", "Email": "good@example.com"}, {"LastName": "Bad", "Email": "not-an-email"}], wait=0)
    assert results[0]["numberRecordsFailed"] == 1
    failed = rows(sf.bulk2.Contact.get_failed_records(results[0]["job_id"]))
    assert len(failed) == 1
    assert failed[0]["LastName"] == "Bad"
    assert failed[0]["sf__Error"].startswith("INVALID_EMAIL_ADDRESS:")


def test_bulk2_query_all_sees_deleted_records(sf):
    created = sf.Account.create({"Name": "Bulk2 Deleted"})
    sf.Account.delete(created["id"])
    live = [r for page in sf.bulk2.Account.query("SELECT Id FROM Account WHERE Name = 'Bulk2 Deleted'", wait=0) for r in rows(page)]
    everything = [r for page in sf.bulk2.Account.query_all("SELECT Id, IsDeleted FROM Account WHERE Name = 'Bulk2 Deleted'", wait=0) for r in rows(page)]
    assert live == []
    assert everything == [{"Id": created["id"], "IsDeleted": "true"}]


def test_bulk1_insert_then_query(sf):
    data = [{"LastName": f"Bulk1 Insert {n}", "Email": f"bulk1.{n}@example.com"} for n in range(12)]
    results = sf.bulk.Contact.insert(data, batch_size=5)
    assert len(results) == 12
    assert all(r["success"] and r["created"] and r["id"].startswith("003") for r in results)
    found = sf.bulk.Contact.query("SELECT Id, LastName, Email FROM Contact WHERE LastName LIKE 'Bulk1 Insert%'", lazy_operation=False, wait=0)
    assert sorted((r["LastName"], r["Email"]) for r in found) == sorted((d["LastName"], d["Email"]) for d in data)
    assert {r["Id"] for r in found} == {r["id"] for r in results}
    assert all(r["attributes"]["type"] == "Contact" for r in found)


def test_bulk1_reports_each_failed_record(sf):
    results = sf.bulk.Contact.insert([{"LastName": "Ok"}, {"FirstName": "No Last Name"}])
    assert results[0]["success"] is True
    assert results[1]["success"] is False
    assert results[1]["errors"][0]["statusCode"] == "REQUIRED_FIELD_MISSING"


def test_bulk_use_shows_in_limits(sf):
    limits = sf.limits()
    assert limits["DailyBulkApiBatches"]["Remaining"] < limits["DailyBulkApiBatches"]["Max"]
    assert limits["DailyBulkV2QueryJobs"]["Remaining"] < limits["DailyBulkV2QueryJobs"]["Max"]
