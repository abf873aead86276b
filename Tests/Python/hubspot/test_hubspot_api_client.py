"""The unmodified hubspot-api-client against `sync-verifier serve --crm hubspot`.

The client is configured as a user configures it for a private app, with the
served API base and the test CA: `hubspot.Client.create(access_token=…,
host=SV_CRM_URL, ssl_ca_cert=SV_CA_BUNDLE)`. Nothing of the client is patched.
"""
import json

import pytest
import requests

import hubspot
from hubspot.crm.associations.v4 import AssociationSpec
from hubspot.crm.companies import ApiException as CompaniesApiException
from hubspot.crm.companies import BatchInputSimplePublicObjectBatchInputForCreate as CompanyBatchCreate
from hubspot.crm.companies import SimplePublicObjectBatchInputForCreate as CompanyBatchInput
from hubspot.crm.companies import SimplePublicObjectInputForCreate as CompanyCreate
from hubspot.crm.contacts import (
    ApiException as ContactsApiException,
    BatchInputSimplePublicObjectBatchInput,
    BatchInputSimplePublicObjectBatchInputForCreate,
    BatchInputSimplePublicObjectId,
    BatchReadInputSimplePublicObjectId,
    Filter,
    FilterGroup,
    PublicObjectSearchRequest,
    SimplePublicObjectBatchInput,
    SimplePublicObjectBatchInputForCreate,
    SimplePublicObjectId,
    SimplePublicObjectInput,
    SimplePublicObjectInputForCreate,
)
from hubspot.crm.deals import SimplePublicObjectInputForCreate as DealCreate
from hubspot.crm.properties import OptionInput, PropertyCreate

from conftest import ServedWorld


@pytest.fixture(scope="module")
def portal(sync_verifier_binary):
    world = ServedWorld(sync_verifier_binary, "--crm", "hubspot")
    yield world
    world.stop()
    assert world.process.returncode == 0


def client(env, token=None):
    return hubspot.Client.create(access_token=token or env["SV_CRM_ACCESS_TOKEN"], host=env["SV_CRM_URL"], ssl_ca_cert=env["SV_CA_BUNDLE"])


def admin(env, method, path, body=None):
    return requests.request(method, env["SV_ADMIN_URL"] + path, json=body, verify=env["SV_CA_BUNDLE"], timeout=10)


def test_serve_prints_hubspots_contract(portal):
    env = portal.env
    assert env["SV_CRM_DIALECT"] == "hubspot"
    assert env["SV_CRM_ACCESS_TOKEN"].startswith("pat-na1-")
    assert env["SV_CRM_TOKEN_URL"] == env["SV_CRM_URL"] + "/oauth/v1/token"
    for name in ["SV_CRM_CLIENT_ID", "SV_CRM_CLIENT_SECRET", "SV_CRM_REFRESH_TOKEN", "SV_CA_BUNDLE", "SV_ADMIN_URL", "SV_PRM_URL"]:
        assert env[name]


@pytest.mark.parametrize("kind, properties", [
    ("companies", {"name": "Stark Industries", "domain": "stark.example"}),
    ("contacts", {"email": "tony@stark.example", "firstname": "Tony", "lastname": "Stark"}),
    ("deals", {"dealname": "Stark - Armor", "amount": "1500", "dealstage": "qualifiedtobuy", "pipeline": "default"}),
])
def test_basic_api_crud(portal, kind, properties):
    api = getattr(client(portal.env).crm, kind).basic_api
    created = api.create({"companies": CompanyCreate, "contacts": SimplePublicObjectInputForCreate, "deals": DealCreate}[kind](properties=properties))
    assert created.id.isdigit() and created.archived is False
    for name, value in properties.items():
        assert created.properties[name] == value
    read = api.get_by_id(created.id, properties=list(properties))
    assert read.properties["hs_object_id"] == created.id and read.created_at is not None
    name = {"companies": "name", "contacts": "firstname", "deals": "dealname"}[kind]
    updated = api.update(created.id, SimplePublicObjectInput(properties={name: properties[name] + " II"}))
    assert updated.properties[name] == properties[name] + " II"
    api.archive(created.id)
    with pytest.raises(Exception) as raised:
        api.get_by_id(created.id)
    assert raised.value.status == 404
    assert json.loads(raised.value.body)["category"] == "OBJECT_NOT_FOUND"


def test_get_all_pages_past_a_hundred(portal):
    api = client(portal.env).crm.companies
    for batch in range(2):
        inputs = [CompanyBatchInput(properties={"name": f"Paged {batch}-{i}"}) for i in range(60)]
        api.batch_api.create(CompanyBatchCreate(inputs=inputs))
    every = api.get_all(properties=["name"])
    names = [company.properties["name"] for company in every]
    assert len(every) > 100 and len(set(company.id for company in every)) == len(every)
    assert sum(name.startswith("Paged ") for name in names) == 120


def test_search_operators_sorts_and_paging(portal):
    contacts = client(portal.env).crm.contacts
    inputs = [SimplePublicObjectBatchInputForCreate(properties={"email": f"s{i}@search.example", "firstname": f"Searcher{i}", "lifecyclestage": "lead" if i % 2 else "customer"}) for i in range(7)]
    contacts.batch_api.create(BatchInputSimplePublicObjectBatchInputForCreate(inputs=inputs))
    request = PublicObjectSearchRequest(
        filter_groups=[FilterGroup(filters=[
            Filter(property_name="email", operator="CONTAINS_TOKEN", value="*@search.example"),
            Filter(property_name="lifecyclestage", operator="IN", values=["lead", "customer"]),
            Filter(property_name="firstname", operator="NEQ", value="Searcher3"),
        ])],
        sorts=[{"propertyName": "firstname", "direction": "DESCENDING"}], properties=["firstname", "email"], limit=4)
    page = contacts.search_api.do_search(public_object_search_request=request)
    assert page.total == 6
    assert [c.properties["firstname"] for c in page.results] == ["Searcher6", "Searcher5", "Searcher4", "Searcher2"]
    request.after = page.paging.next.after
    rest = contacts.search_api.do_search(public_object_search_request=request)
    assert [c.properties["firstname"] for c in rest.results] == ["Searcher1", "Searcher0"] and rest.paging is None
    leads = contacts.search_api.do_search(public_object_search_request=PublicObjectSearchRequest(
        filter_groups=[FilterGroup(filters=[Filter(property_name="lifecyclestage", operator="EQ", value="lead"),
                                            Filter(property_name="email", operator="HAS_PROPERTY")])], limit=100))
    assert leads.total >= 3


def test_batch_create_read_update_archive(portal):
    batch = client(portal.env).crm.contacts.batch_api
    created = batch.create(BatchInputSimplePublicObjectBatchInputForCreate(inputs=[
        SimplePublicObjectBatchInputForCreate(properties={"email": f"b{i}@batch.example"}) for i in range(3)]))
    ids = sorted(contact.id for contact in created.results)
    read = batch.read(BatchReadInputSimplePublicObjectId(inputs=[SimplePublicObjectId(id=i) for i in ids], properties=["email"], properties_with_history=[]))
    assert sorted(contact.id for contact in read.results) == ids
    updated = batch.update(BatchInputSimplePublicObjectBatchInput(inputs=[SimplePublicObjectBatchInput(id=i, properties={"jobtitle": "Batched"}) for i in ids]))
    assert all(contact.properties["jobtitle"] == "Batched" for contact in updated.results)
    batch.archive(BatchInputSimplePublicObjectId(inputs=[SimplePublicObjectId(id=i) for i in ids]))
    partial = batch.read(BatchReadInputSimplePublicObjectId(inputs=[SimplePublicObjectId(id=i) for i in ids], properties=["email"], properties_with_history=[]))
    assert partial.results == [] and partial.num_errors == 1


def test_custom_string_and_enumeration_properties(portal):
    hs = client(portal.env)
    hs.crm.properties.core_api.create("deals", PropertyCreate(name="partner_program", label="Partner program", type="string", field_type="text", group_name="dealinformation"))
    made = hs.crm.properties.core_api.create("deals", PropertyCreate(
        name="partner_level", label="Partner level", type="enumeration", field_type="select", group_name="dealinformation",
        options=[OptionInput(label="Gold", value="gold", display_order=0, hidden=False), OptionInput(label="Silver", value="silver", display_order=1, hidden=False)]))
    assert made.type == "enumeration" and [o.value for o in made.options] == ["gold", "silver"]
    deal = hs.crm.deals.basic_api.create(DealCreate(properties={"dealname": "Custom", "partner_program": "Elite", "partner_level": "gold"}))
    read = hs.crm.deals.basic_api.get_by_id(deal.id, properties=["partner_program", "partner_level"])
    assert read.properties["partner_program"] == "Elite" and read.properties["partner_level"] == "gold"
    listed = {p.name for p in hs.crm.properties.core_api.get_all("deals").results}
    assert {"partner_program", "partner_level"} <= listed


def test_associations_v4_and_pipelines(portal):
    hs = client(portal.env)
    company = hs.crm.companies.basic_api.create(CompanyCreate(properties={"name": "Linked Co"}))
    contact = hs.crm.contacts.basic_api.create(SimplePublicObjectInputForCreate(properties={"email": "linked@co.example"}))
    labels = hs.crm.associations.v4.basic_api.create("contacts", contact.id, "companies", company.id,
                                                     association_spec=[AssociationSpec(association_category="HUBSPOT_DEFINED", association_type_id=1)])
    assert labels.labels == ["Primary"] and str(labels.to_object_id) == company.id
    page = hs.crm.associations.v4.basic_api.get_page("contacts", contact.id, "companies")
    assert [str(a.to_object_id) for a in page.results] == [company.id]
    assert page.results[0].association_types[0].type_id == 1
    pipelines = hs.crm.pipelines.pipelines_api.get_all(object_type="deals").results
    stages = {stage.id: stage for stage in pipelines[0].stages}
    assert pipelines[0].id == "default" and stages["closedwon"].metadata["isClosed"] == "true"


def test_oauth_refresh(portal):
    env = portal.env
    hs = client(env)
    tokens = hs.oauth.tokens_api.create(grant_type="refresh_token", client_id=env["SV_CRM_CLIENT_ID"], client_secret=env["SV_CRM_CLIENT_SECRET"], refresh_token=env["SV_CRM_REFRESH_TOKEN"])
    assert tokens.expires_in == 1800 and tokens.token_type == "bearer"
    assert client(env, tokens.access_token).crm.contacts.basic_api.get_page(limit=1).results
    with pytest.raises(Exception) as raised:
        hs.oauth.tokens_api.create(grant_type="refresh_token", client_id=env["SV_CRM_CLIENT_ID"], client_secret=env["SV_CRM_CLIENT_SECRET"], refresh_token="nope")
    assert raised.value.status == 400 and json.loads(raised.value.body)["status"] == "BAD_REFRESH_TOKEN"


def test_api_exceptions_carry_hubspots_status_and_body(portal):
    env = portal.env
    contacts = client(env).crm.contacts.basic_api
    with pytest.raises(ContactsApiException) as bad:
        contacts.create(SimplePublicObjectInputForCreate(properties={"no_such_property": "x"}))
    assert bad.value.status == 400 and json.loads(bad.value.body)["category"] == "VALIDATION_ERROR"
    with pytest.raises(ContactsApiException) as unauthorized:
        client(env, "pat-na1-not-a-token").crm.contacts.basic_api.get_page()
    assert unauthorized.value.status == 401 and json.loads(unauthorized.value.body)["category"] == "INVALID_AUTHENTICATION"
    with pytest.raises(ContactsApiException) as missing:
        contacts.get_by_id("1")
    assert missing.value.status == 404
    with pytest.raises(ContactsApiException) as conflict:
        contacts.create(SimplePublicObjectInputForCreate(properties={"email": "hank@globex.example"}))
    assert conflict.value.status == 409 and json.loads(conflict.value.body)["message"].startswith("Contact already exists. Existing ID: ")
    assert admin(env, "POST", "/faults", {"type": "throttle", "limit": 0, "windowSeconds": 60}).status_code in (200, 201)
    try:
        with pytest.raises(CompaniesApiException) as throttled:
            client(env).crm.companies.basic_api.get_page()
        body = json.loads(throttled.value.body)
        assert throttled.value.status == 429 and body["errorType"] == "RATE_LIMIT" and body["policyName"]
    finally:
        admin(env, "DELETE", "/faults")


def test_a_throttle_that_names_its_wait_is_retried_silently(portal):
    """hubspot-api-client leaves retries to urllib3, which waits out a 429's Retry-After on a GET:
    with `"retryAfter": true` the client never sees the refusal, only the wait."""
    import time
    env = portal.env
    companies = client(env).crm.companies.basic_api
    assert admin(env, "POST", "/faults", {"type": "throttle", "limit": 1, "windowSeconds": 2, "retryAfter": True}).status_code in (200, 201)
    try:
        companies.get_page(limit=1)
        began = time.monotonic()
        assert companies.get_page(limit=1).results
        assert time.monotonic() - began >= 1
    finally:
        admin(env, "DELETE", "/faults")
