"""The unmodified python-odata (`odata`) against `sync-verifier serve --crm dynamics`:
it reads `$metadata` (CSDL XML), builds entity classes from it, and queries an
entity set through a `requests` session that carries the Entra token."""
import os

import pytest
import requests
from azure.identity import ClientSecretCredential
from odata import ODataService

from conftest import ServedWorld


@pytest.fixture(scope="module")
def service(sync_verifier_binary):
    world = ServedWorld(sync_verifier_binary, "--crm", "dynamics")
    env = world.env
    previous = os.environ.get("REQUESTS_CA_BUNDLE")
    os.environ["REQUESTS_CA_BUNDLE"] = env["SV_CA_BUNDLE"]
    token = ClientSecretCredential(
        env["SV_CRM_TENANT_ID"], env["SV_CRM_CLIENT_ID"], env["SV_CRM_CLIENT_SECRET"],
        authority=env["SV_CRM_AUTHORITY"], disable_instance_discovery=True,
    ).get_token(env["SV_CRM_URL"] + "/.default").token
    session = requests.Session()
    session.verify = env["SV_CA_BUNDLE"]
    session.headers["Authorization"] = "Bearer " + token
    yield ODataService(env["SV_CRM_URL"] + "/api/data/v9.2/", session=session, reflect_entities=True)
    if previous is None:
        os.environ.pop("REQUESTS_CA_BUNDLE")
    else:
        os.environ["REQUESTS_CA_BUNDLE"] = previous
    world.stop()
    assert world.process.returncode == 0


def test_metadata_reflects_every_entity_set(service):
    for name in ["accounts", "contacts", "opportunities", "leads"]:
        assert name in service.entities


def test_query_an_entity_set_with_a_filter(service):
    Account = service.entities["accounts"]
    rows = service.query(Account).filter(Account.accountnumber == "ACC-0004").all()
    assert [row.name for row in rows] == ["Initech"]


def test_query_orders_and_limits(service):
    Account = service.entities["accounts"]
    rows = service.query(Account).order_by(Account.name.asc()).limit(2).all()
    assert [row.name for row in rows] == ["Acme Vendor", "Globex Partners"]
