"""A small CRM <-> PRM connector, written the way an outside team would write
one: simple-salesforce for the CRM, requests for the PRM, configuration from
its own environment variables (connector.json maps the harness's SV_* names
onto them), and nothing that knows it is being tested.

What it syncs:
- approved deal registrations (PRM) become opportunities (CRM) with the
  partner attribution fields, once each (it looks for Deal_Registration_Id__c
  before creating);
- an opportunity closed in the CRM moves its registration to won (with the
  amount) or lost.
"""
import datetime
import os
import signal
import sys
import time

import requests
from simple_salesforce import Salesforce

INSTANCE_URL = os.environ["SALESFORCE_INSTANCE_URL"]
TOKEN_URL = os.environ["SALESFORCE_TOKEN_URL"]
CLIENT_ID = os.environ["SALESFORCE_CLIENT_ID"]
CLIENT_SECRET = os.environ["SALESFORCE_CLIENT_SECRET"]
PRM_URL = os.environ["PRM_BASE_URL"].rstrip("/") + "/api/v1"
PRM_KEY = os.environ["PRM_API_KEY"]
POLL_SECONDS = float(os.environ.get("ACME_POLL_SECONDS", "1"))

running = True


def stop(*_):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)


def log(message):
    print(f"[acme-sync] {message}", file=sys.stderr, flush=True)


def salesforce():
    """Client-credentials login at the token endpoint, then simple-salesforce with the session."""
    answer = requests.post(TOKEN_URL, data={"grant_type": "client_credentials", "client_id": CLIENT_ID,
                                            "client_secret": CLIENT_SECRET}, timeout=10)
    answer.raise_for_status()
    token = answer.json()
    return Salesforce(instance_url=token["instance_url"], session_id=token["access_token"], version="59.0")


prm = requests.Session()
prm.headers["Authorization"] = f"Bearer {PRM_KEY}"


def prm_list(resource, **filters):
    records, cursor = [], None
    while True:
        params = dict(filters, limit=200, **({"cursor": cursor} if cursor else {}))
        page = prm.get(f"{PRM_URL}/{resource}", params=params, timeout=10)
        page.raise_for_status()
        body = page.json()
        records += body["data"]
        cursor = body.get("next_cursor")
        if not cursor:
            return records


def one(sf, soql):
    found = sf.query(soql)["records"]
    return found[0] if found else None


def partner_account(sf, partner):
    account = one(sf, f"SELECT Id FROM Account WHERE PRM_Partner_Id__c = '{partner['id']}'")
    if account:
        return account["Id"]
    return sf.Account.create({"Name": partner["name"], "IsPartner": True, "PRM_Partner_Id__c": partner["id"],
                              "Partner_Tier__c": partner["tier"]})["id"]


def sync_registrations(sf):
    for deal in prm_list("deal-registrations", status="approved"):
        if one(sf, f"SELECT Id FROM Opportunity WHERE Deal_Registration_Id__c = '{deal['id']}'"):
            continue
        partner = prm.get(f"{PRM_URL}/partners/{deal['partnerId']}", timeout=10).json()
        fields = {
            "Name": f"{deal['customerName']} (partner deal)",
            "StageName": "Prospecting",
            "CloseDate": deal.get("expectedCloseDate") or (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
            "Amount": deal.get("amount"),
            "Deal_Source__c": "Partner",
            "Deal_Registration_Id__c": deal["id"],
            "Partner_Account__c": partner_account(sf, partner),
            "Partner_Tier__c": partner["tier"],
            "Registration_Date__c": (deal.get("registeredAt") or "")[:10] or None,
        }
        if deal.get("partnerContactId"):
            contact = prm.get(f"{PRM_URL}/partner-contacts/{deal['partnerContactId']}", timeout=10).json()
            existing = one(sf, f"SELECT Id FROM Contact WHERE PRM_Contact_Id__c = '{contact['id']}'")
            fields["Partner_Contact__c"] = existing["Id"] if existing else sf.Contact.create({
                "LastName": contact["lastName"], "FirstName": contact.get("firstName"), "Email": contact.get("email"),
                "AccountId": fields["Partner_Account__c"], "PRM_Contact_Id__c": contact["id"]})["id"]
        created = sf.Opportunity.create(fields)
        log(f"registration {deal['id']} -> opportunity {created['id']}")


def sync_closed_deals(sf):
    closed = sf.query("SELECT Id, StageName, Amount, Deal_Registration_Id__c FROM Opportunity "
                      "WHERE Deal_Registration_Id__c != null AND IsClosed = true")["records"]
    for opportunity in closed:
        deal = prm.get(f"{PRM_URL}/deal-registrations/{opportunity['Deal_Registration_Id__c']}", timeout=10).json()
        won = opportunity["StageName"] == "Closed Won"
        if deal["status"] != "approved":
            continue
        body = {"status": "won", "confirmedAmount": opportunity["Amount"] or 0} if won else {"status": "lost"}
        prm.post(f"{PRM_URL}/deal-registrations/{deal['id']}/status", json=body, timeout=10).raise_for_status()
        log(f"opportunity {opportunity['Id']} -> registration {deal['id']} {body['status']}")


def main():
    sf = salesforce()
    log("started")
    while running:
        try:
            sync_registrations(sf)
            sync_closed_deals(sf)
        except Exception as error:  # keep going: the next pass retries
            log(f"pass failed: {error}")
            if "INVALID_SESSION_ID" in str(error) or "Session expired" in str(error):
                sf = salesforce()
        time.sleep(POLL_SECONDS)
    log("stopped")


if __name__ == "__main__":
    main()
