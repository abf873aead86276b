import Foundation

/// A partner's own CRM, as the mirror reaches it.
struct PartnerCRMLink {
    let crm: ConnectorEnvironment.PartnerCRM
    let session: any CRMSession
}

/// The distributed channel of seed 004: each partner runs its own CRM, and
/// the PRM joins them to the vendor's. Deals a partner opens in its CRM are
/// registered in the PRM for that partner (and reach the vendor's CRM through
/// the registration flow, attribution included); the vendor's stage and
/// win flow back onto the partner's deal; leads the vendor passes to a
/// partner land in that partner's CRM only. Each partner CRM is read and
/// written with its own credentials and sees only its own partner's records.
///
/// A partner org carries the vendor's ids in `Vendor_Registration_Id__c`
/// (Opportunity) and `Vendor_Lead_Id__c` (Lead), as the bundled
/// `partner-reseller` org does.
struct FlowsPartnerCRMs {
    let mirror: MirrorConnector

    init(_ mirror: MirrorConnector) { self.mirror = mirror }

    func sync() throws(RemoteError) {
        // One read of the registrations and leads serves every partner CRM; each takes only its own partner's.
        let registrations = try mirror.prm.list("deal-registrations")
        let leads = try mirror.prm.list("leads")
        for link in mirror.partnerCRMs {
            do {
                try registerNewDeals(link)
                try reportProgress(link, registrations.filter { $0["partnerId"] as? String == link.crm.partnerID })
                // A partner CRM without leads (HubSpot, by the projection) gets its deals' flows only.
                guard try link.session.describeGlobal().contains(where: { $0["name"] as? String == "Lead" }) else { continue }
                try passLeads(link, MirrorDefect.on(.leaksIntoOtherPartnerCRMs) ? leads : leads.filter { $0["partnerId"] as? String == link.crm.partnerID })
            } catch {
                // One partner's CRM being down must not stop the others.
                if case .permanent = error { throw error }
                log("partner CRM \(link.crm.name): \(error); will retry")
            }
        }
    }

    static let opportunityFields = ["Id", "Name", "AccountId", "StageName", "Amount", "CloseDate", "Vendor_Registration_Id__c", "LastModifiedById"]

    /// A deal the partner opened in its CRM and the vendor has not heard of becomes a registration for that partner.
    func registerNewDeals(_ link: PartnerCRMLink) throws(RemoteError) {
        let deals = try link.session.records("Opportunity", fields: Self.opportunityFields, where: [.isNull("Vendor_Registration_Id__c")])
        for deal in deals {
            guard let id = deal["Id"] as? String, !["Closed Lost"].contains(deal["StageName"] as? String ?? "") else { continue }
            let account = try (deal["AccountId"] as? String).flatMap { accountID throws(RemoteError) in
                try link.session.first("Account", fields: ["Id", "Name", "Website"], where: [.equals("Id", accountID)])
            }
            var registration: [String: Any] = [
                "partnerId": link.crm.partnerID, "customerName": account?["Name"] as? String ?? (deal["Name"] as? String ?? "Customer"),
            ]
            if let domain = CompanyMatcher.domain(account?["Website"] as? String) { registration["customerDomain"] = domain }
            if let amount = deal["Amount"], !(amount is NSNull) { registration["amount"] = amount }
            if let close = deal["CloseDate"] as? String { registration["expectedCloseDate"] = close }
            let created: [String: Any]
            do {
                created = try mirror.prm.create("deal-registrations", registration)
            } catch {
                try mirror.permanentFailure(error, object: "Opportunity", recordId: id, what: "register with the vendor the partner deal")
                continue
            }
            guard let registrationID = created["id"] as? String else { continue }
            mirror.record("partner-to-prm", "prm", "DealRegistration", registrationID, "create", before: nil, after: registration, source: "\(link.crm.name):\(id)")
            try link.session.update("Opportunity", id, ["Vendor_Registration_Id__c": registrationID])
            mirror.record("prm-to-partner", link.crm.name, "Opportunity", id, "update", before: ["Vendor_Registration_Id__c": NSNull()],
                          after: ["Vendor_Registration_Id__c": registrationID], source: "prm:\(registrationID)")
        }
    }

    /// The vendor's word on each registered deal: its stage, and a win with the confirmed amount or a loss.
    func reportProgress(_ link: PartnerCRMLink, _ registrations: [[String: Any]]) throws(RemoteError) {
        let byID = Dictionary(registrations.compactMap { r in (r["id"] as? String).map { ($0, r) } }, uniquingKeysWith: { first, _ in first })
        let deals = try link.session.records("Opportunity", fields: Self.opportunityFields, where: [.notNull("Vendor_Registration_Id__c")])
        for deal in deals {
            guard let id = deal["Id"] as? String, let registrationID = deal["Vendor_Registration_Id__c"] as? String, let registration = byID[registrationID] else { continue }
            var desired: [String: Any] = [:]
            switch registration["status"] as? String {
            case "won":
                desired["StageName"] = "Closed Won"
                if let amount = registration["confirmedAmount"], !(amount is NSNull) { desired["Amount"] = amount }
            case "lost", "rejected": desired["StageName"] = "Closed Lost"
            default:
                if let stage = registration["stage"] as? String, !stage.isEmpty { desired["StageName"] = stage }
            }
            var changes: [String: Any] = [:]
            var before: [String: Any] = [:]
            for (field, value) in desired where !JSONBody.same(deal[field], value) {
                changes[field] = value
                before[field] = deal[field] ?? NSNull()
            }
            guard !changes.isEmpty else { continue }
            do {
                try link.session.update("Opportunity", id, changes)
                mirror.record("prm-to-partner", link.crm.name, "Opportunity", id, "update", before: before, after: changes, source: "prm:\(registrationID)")
            } catch {
                try mirror.permanentFailure(error, object: "DealRegistration", recordId: registrationID, what: "report the vendor's progress to \(link.crm.name) for")
            }
        }
    }

    /// Leads the vendor passed to this partner, in this partner's CRM (and nowhere else).
    func passLeads(_ link: PartnerCRMLink, _ leads: [[String: Any]]) throws(RemoteError) {
        guard !leads.isEmpty else { return }
        let existing = Set(try link.session.records("Lead", fields: ["Id", "Vendor_Lead_Id__c"], where: [.notNull("Vendor_Lead_Id__c")]).compactMap { $0["Vendor_Lead_Id__c"] as? String })
        for lead in leads {
            guard let id = lead["id"] as? String, !existing.contains(id) else { continue }
            var fields: [String: Any] = [
                "LastName": lead["lastName"] ?? "Unknown", "Company": lead["company"] ?? "Unknown", "Vendor_Lead_Id__c": id, "LeadSource": "Partner Referral", "Status": "Open - Not Contacted",
            ]
            for (from, to) in [("firstName", "FirstName"), ("email", "Email"), ("phone", "Phone")] {
                if let value = lead[from], !(value is NSNull) { fields[to] = value }
            }
            do {
                let created = try link.session.create("Lead", fields)
                mirror.record("prm-to-partner", link.crm.name, "Lead", created, "create", before: nil, after: fields, source: "prm:\(id)")
            } catch {
                try mirror.permanentFailure(error, object: "Lead", recordId: id, what: "pass to \(link.crm.name) the lead")
            }
        }
    }
}
