"""`serve --proxy`: the intercepting proxy beside the fakes. A client sent
through SV_PROXY_URL reaches the org at its production hostnames with the
run CA in SV_CA_BUNDLE; any other host is refused by the proxy itself."""
import pytest
import requests

from conftest import ServedWorld


@pytest.fixture(scope="module")
def proxied(sync_verifier_binary):
    world = ServedWorld(sync_verifier_binary, "--proxy")
    yield world
    world.stop()


def through(env):
    return {"https": env["SV_PROXY_URL"], "http": env["SV_PROXY_URL"]}


def test_login_host_grants_a_token_naming_the_my_domain(proxied):
    env = proxied.env
    assert env["SV_PROXY_URL"].startswith("http://127.0.0.1:")
    grant = requests.post(
        "https://login.salesforce.com/services/oauth2/token",
        data={"grant_type": "client_credentials", "client_id": env["SV_CRM_CLIENT_ID"], "client_secret": env["SV_CRM_CLIENT_SECRET"]},
        proxies=through(env), verify=env["SV_CA_BUNDLE"], timeout=10)
    assert grant.status_code == 200
    instance = grant.json()["instance_url"]
    assert instance == "https://partner-channel.my.salesforce.com"
    accounts = requests.get(f"{instance}/services/data/v59.0/query", params={"q": "SELECT Id FROM Account"},
                            headers={"Authorization": f"Bearer {grant.json()['access_token']}"},
                            proxies=through(env), verify=env["SV_CA_BUNDLE"], timeout=10)
    assert accounts.status_code == 200 and accounts.json()["totalSize"] > 0
    # The loopback URLs still work with the same bundle (it holds the fakes' test CA too).
    assert requests.get(env["SV_CRM_URL"] + "/services/data", verify=env["SV_CA_BUNDLE"], timeout=10).status_code == 200


def test_the_prm_answers_at_its_documented_hostname(proxied):
    env = proxied.env
    reply = requests.get("https://api.prm.example/api/v1/partners", headers={"Authorization": f"Bearer {env['SV_PRM_API_KEY']}"},
                         proxies=through(env), verify=env["SV_CA_BUNDLE"], timeout=10)
    assert reply.status_code == 200 and reply.json()["data"]


def test_other_hosts_are_refused_by_the_proxy(proxied):
    env = proxied.env
    with pytest.raises(requests.exceptions.ProxyError, match="403"):
        requests.get("https://www.example.com/", proxies=through(env), verify=env["SV_CA_BUNDLE"], timeout=10)
    plain = requests.post("http://collector.example.net/upload", data=b"x", proxies=through(env), timeout=10)
    assert plain.status_code == 403
    assert "collector.example.net:80" in plain.text
