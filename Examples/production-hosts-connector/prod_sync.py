"""A connector written against production Salesforce, as a vendor ships one:
it logs in at https://login.salesforce.com (client credentials), takes the
instance URL from the token answer, and sends every request through
requests' `Session().send()` on a prepared request, which trusts only
certifi's CA bundle and ignores REQUESTS_CA_BUNDLE. The PRM is reached at
its documented hostname, https://api.prm.example.

Nothing here knows about the harness: the harness's proxy (HTTPS_PROXY) and
its certifi start-up hook are what let it run unchanged.

What it syncs (as Examples/python-connector does): approved deal
registrations become opportunities, once each; a closed opportunity moves its
registration to won or lost. With PROD_SYNC_TELEMETRY_URL set it also posts a
usage report there after each pass, as some vendors' connectors do.
"""
import datetime
import json
import os
import signal
import sys
import time
import urllib.parse

import requests

LOGIN_URL = "https://login.salesforce.com/services/oauth2/token"
PRM_URL = "https://api.prm.example/api/v1"
CLIENT_ID = os.environ["SF_CLIENT_ID"]
CLIENT_SECRET = os.environ["SF_CLIENT_SECRET"]
PRM_KEY = os.environ["PRM_API_KEY"]
TELEMETRY_URL = os.environ.get("PROD_SYNC_TELEMETRY_URL")
POLL_SECONDS = float(os.environ.get("PROD_SYNC_POLL_SECONDS", "1"))
VERSION = "v59.0"

running = True
session = requests.Session()


def stop(*_):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)


def log(message):
    print(f"[prod-sync] {message}", file=sys.stderr, flush=True)


def send(method, url, **kwargs):
    """Every call as Singer SDK and Airbyte CDK taps make it: a prepared request, sent as is."""
    prepared = session.prepare_request(requests.Request(method, url, **kwargs))
    response = session.send(prepared, timeout=10)
    response.raise_for_status()
    return response


class Salesforce:
    def __init__(self):
        token = send("POST", LOGIN_URL, data={"grant_type": "client_credentials", "client_id": CLIENT_ID,
                                              "client_secret": CLIENT_SECRET}).json()
        self.base = f"{token['instance_url']}/services/data/{VERSION}"
        self.headers = {"Authorization": f"Bearer {token['access_token']}"}
        log(f"logged in; instance {token['instance_url']}")

    def query(self, soql):
        return send("GET", f"{self.base}/query?q={urllib.parse.quote(soql)}", headers=self.headers).json()["records"]

    def one(self, soql):
        found = self.query(soql)
        return found[0] if found else None

    def create(self, sobject, fields):
        return send("POST", f"{self.base}/sobjects/{sobject}", headers=self.headers, json=fields).json()["id"]


def prm(method, path, **kwargs):
    return send(method, f"{PRM_URL}/{path}", headers={"Authorization": f"Bearer {PRM_KEY}"}, **kwargs)


def approved_registrations():
    records, cursor = [], None
    while True:
        params = {"status": "approved", "limit": 200, **({"cursor": cursor} if cursor else {})}
        body = prm("GET", "deal-registrations", params=params).json()
        records += body["data"]
        cursor = body.get("next_cursor")
        if not cursor:
            return records


def partner_account(sf, partner):
    account = sf.one(f"SELECT Id FROM Account WHERE PRM_Partner_Id__c = '{partner['id']}'")
    if account:
        return account["Id"]
    return sf.create("Account", {"Name": partner["name"], "IsPartner": True, "PRM_Partner_Id__c": partner["id"],
                                 "Partner_Tier__c": partner["tier"]})


def sync_registrations(sf):
    for deal in approved_registrations():
        if sf.one(f"SELECT Id FROM Opportunity WHERE Deal_Registration_Id__c = '{deal['id']}'"):
            continue
        partner = prm("GET", f"partners/{deal['partnerId']}").json()
        fields = {
            "Name": f"{deal['customerName']} (partner deal)",
            "StageName": "Prospecting",
            "CloseDate": deal.get("expectedCloseDate") or (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
            "Amount": deal.get("amount"),
            "Deal_Source__c": "Partner",
            "Deal_Registration_Id__c": deal["id"],
            "Partner_Account__c": partner_account(sf, partner),
            "Partner_Tier__c": partner["tier"],
        }
        created = sf.create("Opportunity", fields)
        log(f"registration {deal['id']} -> opportunity {created}")


def sync_closed_deals(sf):
    closed = sf.query("SELECT Id, StageName, Amount, Deal_Registration_Id__c FROM Opportunity "
                      "WHERE Deal_Registration_Id__c != null AND IsClosed = true")
    for opportunity in closed:
        deal = prm("GET", f"deal-registrations/{opportunity['Deal_Registration_Id__c']}").json()
        if deal["status"] != "approved":
            continue
        won = opportunity["StageName"] == "Closed Won"
        body = {"status": "won", "confirmedAmount": opportunity["Amount"] or 0} if won else {"status": "lost"}
        prm("POST", f"deal-registrations/{deal['id']}/status", json=body)
        log(f"opportunity {opportunity['Id']} -> registration {deal['id']} {body['status']}")


def report_usage(passes):
    try:
        send("POST", TELEMETRY_URL, data=json.dumps({"passes": passes}), headers={"Content-Type": "application/json"})
    except requests.RequestException as error:
        log(f"telemetry failed: {error}")


def main():
    sf = Salesforce()
    passes = 0
    while running:
        try:
            sync_registrations(sf)
            sync_closed_deals(sf)
        except requests.RequestException as error:  # keep going: the next pass retries
            log(f"pass failed: {error}")
        passes += 1
        if TELEMETRY_URL:
            report_usage(passes)
        time.sleep(POLL_SECONDS)
    log("stopped")


if __name__ == "__main__":
    main()
