"""Shared bits of the tiny test connectors: the contract's variables and
HTTPS calls with the standard library only (so `swift test` needs no pip)."""
import json
import os
import ssl
import urllib.parse
import urllib.request

CONTEXT = ssl.create_default_context(cafile=os.environ["SV_CA_BUNDLE"])


def call(method, url, body=None, headers=None, form=False):
    data = None
    headers = dict(headers or {})
    if body is not None:
        if form:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, context=CONTEXT, timeout=10) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


class Salesforce:
    def __init__(self):
        token = call("POST", os.environ["SV_CRM_TOKEN_URL"], {
            "grant_type": "client_credentials",
            "client_id": os.environ["SV_CRM_CLIENT_ID"],
            "client_secret": os.environ["SV_CRM_CLIENT_SECRET"]}, form=True)
        self.base = token["instance_url"] + "/services/data/v59.0"
        self.headers = {"Authorization": "Bearer " + token["access_token"]}

    def query(self, soql):
        return call("GET", self.base + "/query?q=" + urllib.parse.quote(soql), headers=self.headers)["records"]

    def create(self, sobject, fields):
        return call("POST", f"{self.base}/sobjects/{sobject}", fields, headers=self.headers)["id"]


class PRM:
    def __init__(self):
        self.base = os.environ["SV_PRM_URL"] + "/api/v1"
        self.headers = {"Authorization": "Bearer " + os.environ["SV_PRM_API_KEY"]}

    def list(self, resource):
        return call("GET", f"{self.base}/{resource}?limit=200", headers=self.headers)["data"]

    def get(self, resource, id):
        return call("GET", f"{self.base}/{resource}/{id}", headers=self.headers)
