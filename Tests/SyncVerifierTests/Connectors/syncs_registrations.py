"""A connector that does one flow right: approved deal registrations become
opportunities with partner attribution, once each."""
import signal
import sys
import time

from svtest import PRM, Salesforce

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
crm, prm = Salesforce(), PRM()
accounts = {}


def account_for(name):
    if name not in accounts:
        found = crm.query(f"SELECT Id FROM Account WHERE Name = '{name}'")
        accounts[name] = found[0]["Id"] if found else crm.create("Account", {"Name": name})
    return accounts[name]


done = set()
while True:
    for deal in prm.list("deal-registrations"):
        if deal["status"] != "approved" or deal["id"] in done:
            continue
        partner = prm.get("partners", deal["partnerId"])
        contact = prm.get("partner-contacts", deal["partnerContactId"])
        partner_account = account_for(partner["name"])
        contact_id = crm.create("Contact", {"LastName": contact["lastName"], "AccountId": partner_account})
        crm.create("Opportunity", {
            "Name": deal["customerName"], "StageName": "Prospecting", "CloseDate": deal["expectedCloseDate"],
            "Amount": deal["amount"], "AccountId": account_for(deal["customerName"]),
            "Deal_Registration_Id__c": deal["id"], "Deal_Source__c": "Partner", "Partner_Tier__c": partner["tier"],
            "Partner_Account__c": partner_account, "Partner_Contact__c": contact_id,
            "Registration_Date__c": deal["registeredAt"][:10]})
        done.add(deal["id"])
    time.sleep(0.3)
