import Foundation

/// PRM → CRM: partners become partner accounts, partner contacts contacts,
/// approved deal registrations opportunities with full partner attribution,
/// MDF requests MDF_Request__c records.
struct FlowsPRMToCRM {
    let mirror: MirrorConnector

    init(_ mirror: MirrorConnector) { self.mirror = mirror }

    var crm: any CRMSession { mirror.crm }
    var prm: PRMSession { mirror.prm }

    func sync(_ object: String, ids: [String]) throws(RemoteError) {
        guard !ids.isEmpty else { return }
        let resource = PRMResources.path(object)
        // A full copy reads the collection in pages; a few changes are read one by one.
        var records: [[String: Any]]
        if ids.count > 20 {
            let wanted = Set(ids)
            records = try prm.list(resource).filter { wanted.contains($0["id"] as? String ?? "") }
        } else {
            records = []
            for id in ids {
                do { records.append(try prm.get(resource, id)) } catch {
                    if case .permanent(404, _) = error { continue }
                    throw error
                }
            }
        }
        switch object {
        case "Partner": for record in records { try partner(record) }
        case "PartnerContact": for record in records { try contact(record) }
        case "DealRegistration": try registrations(records)
        case "MDFRequest": for record in records { try mdf(record) }
        default: break
        }
    }


    /// The partner's CRM account id, syncing the partner first if need be.
    func partnerAccount(_ partnerID: String) throws(RemoteError) -> String? {
        if let id = mirror.state.crm(for: partnerID) { return id }
        try partner(try prm.get("partners", partnerID))
        return mirror.state.crm(for: partnerID)
    }

    func partner(_ record: [String: Any]) throws(RemoteError) {
        guard let id = record["id"] as? String else { return }
        guard mirror.settings.passes(side: "prm", object: "partners", record) else { return }
        let fields = ["Id", "Name", "Website", "IsPartner", "Partner_Tier__c", "Partner_Status__c", "PRM_Partner_Id__c"]
        var existing = try crm.first("Account", fields: fields, where: [.equals("PRM_Partner_Id__c", id)])
        if existing == nil, let linked = mirror.state.crm(for: id) { existing = try crm.first("Account", fields: fields, where: [.equals("Id", linked)]) }
        if existing == nil {
            // The partner may already be in the CRM under its own spelling.
            let key = CompanyMatcher.key(record["name"] as? String ?? "")
            existing = try crm.records("Account", fields: fields, where: [.equals("IsPartner", true)]).first { CompanyMatcher.key($0["Name"] as? String ?? "") == key }
        }
        var desired: [String: Any] = [
            "Name": record["name"] ?? NSNull(), "IsPartner": true, "Partner_Tier__c": record["tier"] ?? NSNull(),
            "Partner_Status__c": record["status"] ?? NSNull(), "PRM_Partner_Id__c": id,
        ]
        if let domain = record["domain"] as? String { desired["Website"] = "https://" + domain }
        if let accountID = try mirror.putCRM("Account", existing: existing, desired: desired, source: "prm:\(id)", createOnly: ["Type": "Channel Partner / Reseller"]) {
            mirror.state.link(prm: id, crm: accountID)
        }
    }

    func contact(_ record: [String: Any]) throws(RemoteError) {
        guard let id = record["id"] as? String, let partnerID = record["partnerId"] as? String,
            let account = try partnerAccount(partnerID)
        else { return }
        let fields = ["Id", "FirstName", "LastName", "Email", "AccountId", "Certifications__c", "PRM_Contact_Id__c", "Title", "LastModifiedById", "LastModifiedDate"]
        var existing = try crm.first("Contact", fields: fields, where: [.equals("PRM_Contact_Id__c", id)])
        if existing == nil, let email = record["email"] as? String {
            existing = try crm.first("Contact", fields: fields, where: [.equals("Email", email)])
        }
        var desired: [String: Any] = [
            "FirstName": record["firstName"] ?? NSNull(), "LastName": record["lastName"] ?? NSNull(), "Email": record["email"] ?? NSNull(),
            "AccountId": account, "Certifications__c": JSONBody.text(record["certifications"]) ?? NSNull(), "PRM_Contact_Id__c": id,
        ]
        if let title = record["title"], !(title is NSNull) { desired["Title"] = title }
        if let existing { resolveConflicts(&desired, crmRecord: existing, prmRecord: record, object: "Contact", map: ["Title": "title"]) }
        if let contactID = try mirror.putCRM("Contact", existing: existing, desired: desired, source: "prm:\(id)") {
            mirror.state.link(prm: id, crm: contactID)
        }
    }

    /// For fields synced both ways, a CRM value someone else just changed
    /// stays when the policy says the CRM (or the later writer) wins.
    func resolveConflicts(_ desired: inout [String: Any], crmRecord: [String: Any], prmRecord: [String: Any], object: String, map: [String: String]) {
        for (crmField, _) in map where mirror.settings.directions["\(object).\(crmField)"] == .both {
            guard desired[crmField] != nil, !JSONBody.same(crmRecord[crmField], desired[crmField]) else { continue }
            let editedByOthers = !crm.isOwnChange(crmRecord)
            guard editedByOthers, !MirrorDefect.on(.ignoresConflictPolicy) else { continue }
            switch mirror.settings.conflictPolicy {
            case .crmWins: desired.removeValue(forKey: crmField)
            case .prmWins: break
            case .lastWriterWins:
                let crmTime = (crmRecord["LastModifiedDate"] as? String) ?? ""
                let prmTime = (prmRecord["updatedAt"] as? String) ?? ""
                if (JSONBody.instant(crmTime) ?? .distantPast) > (JSONBody.instant(prmTime) ?? .distantPast) { desired.removeValue(forKey: crmField) }
            }
        }
    }

    func partnerDealRecordType() throws(RemoteError) -> String? {
        if let id = mirror.recordTypes["Opportunity.Partner_Deal"] { return id }
        let found = try crm.recordType("Opportunity", developerName: "Partner_Deal")
        if let found { mirror.recordTypes["Opportunity.Partner_Deal"] = found }
        return found
    }

    /// The customer's CRM account: matched by name (legal suffixes and
    /// punctuation aside) or web domain, created only when none matches.
    func customerAccount(_ registration: [String: Any], accounts: inout AccountIndex) throws(RemoteError) -> String? {
        let name = registration["customerName"] as? String ?? ""
        let domain = CompanyMatcher.domain(registration["customerDomain"] as? String)
        if let id = accounts.match(name: name, domain: domain) { return id }
        var fields: [String: Any] = ["Name": name, "Type": "Prospect"]
        if let domain { fields["Website"] = "https://" + domain }
        guard let id = try mirror.putCRM("Account", existing: nil, desired: fields, source: "prm:\(registration["id"] ?? "")") else { return nil }
        accounts.add(id: id, name: name, website: fields["Website"] as? String)
        return id
    }

    func registrations(_ records: [[String: Any]]) throws(RemoteError) {
        let eligible = records.filter { ["approved", "won", "lost"].contains($0["status"] as? String ?? "") }
        guard !eligible.isEmpty else { return }
        var accounts = AccountIndex(try crm.records("Account", fields: ["Id", "Name", "Website"], where: [.equals("IsPartner", false)]))
        let recordType = try partnerDealRecordType()
        let fields = [
            "Id", "Name", "AccountId", "Amount", "StageName", "CloseDate", "RecordTypeId", "Deal_Source__c", "Deal_Registration_Id__c", "Partner_Account__c",
            "Partner_Tier__c", "Partner_Contact__c", "Registration_Date__c",
        ]
        // One read of the partner deals already in the CRM, not one per registration.
        var existingByRegistration: [String: [String: Any]] = [:]
        if eligible.count > 5 {
            for opportunity in try crm.records("Opportunity", fields: fields, where: [.notNull("Deal_Registration_Id__c")]) {
                if let key = opportunity["Deal_Registration_Id__c"] as? String { existingByRegistration[key] = opportunity }
            }
        }
        var partners: [String: [String: Any]] = [:]
        try createCustomerAccounts(eligible, accounts: &accounts)
        var creates: [(source: String, fields: [String: Any])] = []
        for registration in eligible {
            guard let id = registration["id"] as? String, let partnerID = registration["partnerId"] as? String,
                let partnerAccount = try partnerAccount(partnerID)
            else { continue }
            if partners[partnerID] == nil { partners[partnerID] = try prm.get("partners", partnerID) }
            let partner = partners[partnerID] ?? [:]
            var contactID: String?
            if let prmContact = registration["partnerContactId"] as? String {
                contactID = mirror.state.crm(for: prmContact)
                if contactID == nil {
                    try contact(try prm.get("partner-contacts", prmContact))
                    contactID = mirror.state.crm(for: prmContact)
                }
            }
            guard let account = try customerAccount(registration, accounts: &accounts) else { continue }
            var desired: [String: Any] = [
                "Name": "\(registration["customerName"] as? String ?? "Deal") - partner deal", "AccountId": account,
                "Deal_Source__c": "Partner", "Deal_Registration_Id__c": id, "Partner_Account__c": partnerAccount,
                "Partner_Tier__c": partner["tier"] ?? NSNull(), "Registration_Date__c": String((registration["registeredAt"] as? String ?? "").prefix(10)),
            ]
            if let contactID { desired["Partner_Contact__c"] = contactID }
            if let amount = registration["amount"], !(amount is NSNull) { desired["Amount"] = amount }
            if let recordType { desired["RecordTypeId"] = recordType }
            let existing = eligible.count > 5 ? existingByRegistration[id] : try crm.first("Opportunity", fields: fields, where: [.equals("Deal_Registration_Id__c", id)])
            if let existing {
                if let opportunity = try mirror.putCRM("Opportunity", existing: existing, desired: desired, source: "prm:\(id)") {
                    mirror.state.link(prm: id, crm: opportunity)
                }
            } else {
                desired["StageName"] = "Prospecting"
                desired["CloseDate"] = (registration["expectedCloseDate"] as? String) ?? Self.dateString(Date().addingTimeInterval(30 * 86_400))
                creates.append(("prm:\(id)", desired))
            }
        }
        // New opportunities go in batches through the composite API.
        if creates.count == 1 {
            let create = creates[0]
            if let opportunity = try mirror.putCRM("Opportunity", existing: nil, desired: create.fields, source: create.source) {
                try linkRegistration(String(create.source.dropFirst(4)), opportunity)
            }
        } else if !creates.isEmpty {
            let results = try crm.createMany("Opportunity", creates.map(\.fields))
            for (create, result) in zip(creates, results) {
                let registration = String(create.source.dropFirst(4))
                switch result {
                case .success(let opportunity):
                    mirror.record("prm-to-crm", "crm", "Opportunity", opportunity, "create", before: nil, after: create.fields, source: create.source)
                    try linkRegistration(registration, opportunity)
                case .failure(let error):
                    try mirror.permanentFailure(error, object: "DealRegistration", recordId: registration, what: "create an opportunity for")
                }
            }
        }
    }

    /// Customers no CRM account matches, created in batches before their opportunities.
    func createCustomerAccounts(_ registrations: [[String: Any]], accounts: inout AccountIndex) throws(RemoteError) {
        var missing: [String: [String: Any]] = [:]
        for registration in registrations {
            let name = registration["customerName"] as? String ?? ""
            let key = CompanyMatcher.key(name)
            let domain = CompanyMatcher.domain(registration["customerDomain"] as? String)
            if accounts.match(name: name, domain: domain) != nil || missing[key] != nil { continue }
            var fields: [String: Any] = ["Name": name, "Type": "Prospect"]
            if let domain { fields["Website"] = "https://" + domain }
            missing[key] = fields
        }
        guard missing.count > 1 else { return }
        let batch = missing.sorted { $0.key < $1.key }.map(\.value)
        for (fields, result) in zip(batch, try crm.createMany("Account", batch)) {
            guard case .success(let id) = result else { continue }
            mirror.record("prm-to-crm", "crm", "Account", id, "create", before: nil, after: fields, source: nil)
            accounts.add(id: id, name: fields["Name"] as? String ?? "", website: fields["Website"] as? String)
        }
    }

    func linkRegistration(_ registration: String, _ opportunity: String) throws(RemoteError) {
        mirror.state.link(prm: registration, crm: opportunity)
        _ = try prm.update("deal-registrations", registration, ["crmOpportunityId": opportunity])
        mirror.record("crm-to-prm", "prm", "DealRegistration", registration, "update", before: ["crmOpportunityId": NSNull()], after: ["crmOpportunityId": opportunity], source: "crm:\(opportunity)")
    }

    static func dateString(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    static let mdfStatuses = ["submitted": "Submitted", "approved": "Approved", "rejected": "Rejected", "claimed": "Claimed", "paid": "Paid"]

    func mdf(_ record: [String: Any]) throws(RemoteError) {
        guard let id = record["id"] as? String, let partnerID = record["partnerId"] as? String else { return }
        guard mirror.crmFields["MDF_Request__c"] != nil else {
            // A CRM without the object (HubSpot, by the projection): say so, and let the other flows go on.
            mirror.alerts.post("Could not sync MDF request \(id): the CRM has no MDF_Request__c object.", object: "MDFRequest", recordId: id)
            return
        }
        guard let account = try partnerAccount(partnerID) else { return }
        let existing = try crm.first(
            "MDF_Request__c", fields: ["Id", "Name", "Partner_Account__c", "Amount__c", "Activity__c", "Status__c", "PRM_MDF_Id__c"],
            where: [.equals("PRM_MDF_Id__c", id)])
        let desired: [String: Any] = [
            "Name": String((record["activity"] as? String ?? "MDF request").prefix(80)), "Partner_Account__c": account,
            "Amount__c": record["amount"] ?? NSNull(), "Activity__c": record["activity"] ?? NSNull(),
            "Status__c": Self.mdfStatuses[record["status"] as? String ?? ""] ?? "Submitted", "PRM_MDF_Id__c": id,
        ]
        if let created = try mirror.putCRM("MDF_Request__c", existing: existing, desired: desired, source: "prm:\(id)") {
            mirror.state.link(prm: id, crm: created)
        }
    }
}
