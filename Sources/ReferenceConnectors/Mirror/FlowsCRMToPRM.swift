import Foundation

/// CRM → PRM: an opportunity's stage and won amount move its registration's
/// status (the PRM books incentives itself, once); customer account data
/// reaches the registrations; direct opportunities are reported for
/// conflict checks; leads passed to a partner appear for that partner;
/// MDF approvals come back; contact fields owned by both sides follow the
/// conflict policy.
struct FlowsCRMToPRM {
    let mirror: MirrorConnector

    init(_ mirror: MirrorConnector) { self.mirror = mirror }

    var crm: any CRMSession { mirror.crm }
    var prm: PRMSession { mirror.prm }

    func sync(_ object: String, _ record: [String: Any]) throws(RemoteError) {
        guard mirror.settings.passes(side: "crm", object: object, record) else { return }
        if record["IsDeleted"] as? Bool == true { return }
        switch object {
        case "Opportunity": try opportunity(record)
        case "Account": try account(record)
        case "Lead": try lead(record)
        case "MDF_Request__c": try mdf(record)
        case "Contact": try contact(record)
        default: break
        }
    }

    func write(_ resource: String, _ object: String, _ id: String, current: [String: Any], desired: [String: Any], crmObject: String, source: String) throws(RemoteError) {
        var changes: [String: Any] = [:]
        var before: [String: Any] = [:]
        for (field, value) in desired where !JSONBody.same(current[field], value) || MirrorDefect.on(.echoesOwnWrites) {
            changes[field] = value
            before[field] = current[field] ?? NSNull()
        }
        guard !changes.isEmpty else { return }
        do {
            _ = try prm.update(resource, id, changes)
            mirror.record("crm-to-prm", "prm", object, id, "update", before: before, after: changes, source: source)
        } catch {
            try mirror.permanentFailure(error, object: crmObject, recordId: String(source.dropFirst(4)), what: "update the PRM's \(object) for")
        }
    }

    func opportunity(_ record: [String: Any]) throws(RemoteError) {
        guard let id = record["Id"] as? String else { return }
        guard let registrationID = record["Deal_Registration_Id__c"] as? String, !registrationID.isEmpty else {
            try directOpportunity(record)
            return
        }
        let registration: [String: Any]
        do { registration = try prm.get("deal-registrations", registrationID) } catch {
            try mirror.permanentFailure(error, object: "Opportunity", recordId: id, what: "find the registration of")
            return
        }
        var status = registration["status"] as? String ?? ""
        let stage = record["StageName"] as? String ?? ""
        let amount = record["Amount"]
        if stage == "Closed Won" || stage == "Closed Lost", status == "submitted" {
            _ = try prm.setStatus("deal-registrations", registrationID, ["status": "approved"])
            mirror.record("crm-to-prm", "prm", "DealRegistration", registrationID, "status", before: ["status": status], after: ["status": "approved"], source: "crm:\(id)")
            status = "approved"
        }
        if stage == "Closed Won", mirror.settings.prmFieldWritable(fromCRM: "Opportunity", "Amount") || status != "won" {
            var confirmed = (amount as? NSNumber)?.doubleValue ?? 0
            let current = (registration["confirmedAmount"] as? NSNumber)?.doubleValue
            if status == "approved" || (status == "won" && current != confirmed) {
                if MirrorDefect.on(.doubleIncentives), status == "won", let current { confirmed += current }
                do {
                    _ = try prm.setStatus("deal-registrations", registrationID, ["status": "won", "confirmedAmount": confirmed])
                    mirror.record("crm-to-prm", "prm", "DealRegistration", registrationID, "status",
                                  before: ["status": status, "confirmedAmount": registration["confirmedAmount"] ?? NSNull()],
                                  after: ["status": "won", "confirmedAmount": confirmed], source: "crm:\(id)")
                } catch {
                    try mirror.permanentFailure(error, object: "Opportunity", recordId: id, what: "mark won the registration of")
                }
            }
        } else if stage == "Closed Lost", status == "approved" {
            _ = try prm.setStatus("deal-registrations", registrationID, ["status": "lost"])
            mirror.record("crm-to-prm", "prm", "DealRegistration", registrationID, "status", before: ["status": status], after: ["status": "lost"], source: "crm:\(id)")
        }
        var desired: [String: Any] = ["crmOpportunityId": id]
        if !stage.isEmpty, !(MirrorDefect.on(.losesStageChanges) && !((registration["stage"] as? String) ?? "").isEmpty) { desired["stage"] = stage }
        for field in mirror.schema.registrationFields where record.keys.contains(field) {
            desired[field] = MirrorDefect.written(record[field] ?? NSNull(), type: mirror.crmFields["Opportunity"]?[field]?["type"] as? String)
        }
        try write("deal-registrations", "DealRegistration", registrationID, current: registration, desired: desired, crmObject: "Opportunity", source: "crm:\(id)")
    }

    func accountOf(_ id: String?) throws(RemoteError) -> [String: Any]? {
        guard let id else { return nil }
        return try crm.first(
            "Account", fields: ["Id", "Name", "Website", "BillingStreet", "BillingCity", "BillingCountry", "PRM_Partner_Id__c"], where: [.equals("Id", id)])
    }

    func directOpportunity(_ record: [String: Any]) throws(RemoteError) {
        guard let id = record["Id"] as? String, let account = try accountOf(record["AccountId"] as? String) else { return }
        let stage = record["StageName"] as? String ?? ""
        var desired: [String: Any] = [
            "customerName": account["Name"] ?? NSNull(), "status": stage == "Closed Won" ? "won" : stage == "Closed Lost" ? "lost" : "open",
            "crmOpportunityId": id,
        ]
        if let domain = CompanyMatcher.domain(account["Website"] as? String) { desired["customerDomain"] = domain }
        if let amount = record["Amount"], !(amount is NSNull) { desired["amount"] = amount }
        let found = try prm.retrying("find direct opportunity", .get, "/direct-opportunities?crmOpportunityId=\(id)")["data"] as? [[String: Any]] ?? []
        if let existing = found.first, let prmID = existing["id"] as? String {
            try write("direct-opportunities", "DirectOpportunity", prmID, current: existing, desired: desired, crmObject: "Opportunity", source: "crm:\(id)")
        } else {
            do {
                let created = try prm.create("direct-opportunities", desired)
                if let prmID = created["id"] as? String {
                    mirror.record("crm-to-prm", "prm", "DirectOpportunity", prmID, "create", before: nil, after: desired, source: "crm:\(id)")
                }
            } catch {
                try mirror.permanentFailure(error, object: "Opportunity", recordId: id, what: "report as a direct opportunity")
            }
        }
    }

    /// A customer account's data reaches every registration whose opportunity is on it.
    func account(_ record: [String: Any]) throws(RemoteError) {
        guard let id = record["Id"] as? String, record["IsPartner"] as? Bool != true else { return }
        let opportunities = try crm.records("Opportunity", fields: ["Id", "Deal_Registration_Id__c"], where: [.equals("AccountId", id)])
        for opportunity in opportunities {
            guard let registrationID = opportunity["Deal_Registration_Id__c"] as? String, !registrationID.isEmpty else {
                if opportunity["Id"] != nil { try directOpportunityRefresh(opportunity["Id"] as? String) }
                continue
            }
            let registration = try prm.get("deal-registrations", registrationID)
            var desired: [String: Any] = ["customerName": record["Name"] ?? NSNull()]
            if let domain = CompanyMatcher.domain(record["Website"] as? String) { desired["customerDomain"] = domain }
            let address = [record["BillingStreet"], record["BillingCity"], record["BillingCountry"]].compactMap { $0 as? String }.joined(separator: ", ")
            if !address.isEmpty { desired["customerAddress"] = address }
            try write("deal-registrations", "DealRegistration", registrationID, current: registration, desired: desired, crmObject: "Account", source: "crm:\(id)")
        }
    }

    func directOpportunityRefresh(_ id: String?) throws(RemoteError) {
        guard let id, let record = try crm.first("Opportunity", fields: ["Id", "AccountId", "StageName", "Amount"], where: [.equals("Id", id)]) else { return }
        try directOpportunity(record)
    }

    func lead(_ record: [String: Any]) throws(RemoteError) {
        guard let id = record["Id"] as? String, let partnerAccount = record["Partner_Account__c"] as? String, !partnerAccount.isEmpty,
            let account = try accountOf(partnerAccount), let partnerID = account["PRM_Partner_Id__c"] as? String, !partnerID.isEmpty
        else { return }
        var desired: [String: Any] = [
            "partnerId": partnerID, "lastName": record["LastName"] ?? NSNull(), "company": record["Company"] ?? NSNull(), "crmLeadId": id,
        ]
        for (crmField, prmField) in [("FirstName", "firstName"), ("Email", "email"), ("Phone", "phone")] {
            if let value = record[crmField], !(value is NSNull) { desired[prmField] = value }
        }
        let found = try prm.retrying("find lead", .get, "/leads?crmLeadId=\(id)")["data"] as? [[String: Any]] ?? []
        if let existing = found.first, let prmID = existing["id"] as? String {
            try write("leads", "Lead", prmID, current: existing, desired: desired, crmObject: "Lead", source: "crm:\(id)")
            return
        }
        do {
            let created = try prm.create("leads", desired)
            guard let prmID = created["id"] as? String else { return }
            mirror.record("crm-to-prm", "prm", "Lead", prmID, "create", before: nil, after: desired, source: "crm:\(id)")
            mirror.state.link(prm: prmID, crm: id)
            try crm.update("Lead", id, ["PRM_Lead_Id__c": prmID])
            if MirrorDefect.on(.leaksLeadsToAnotherPartner),
                let other = try prm.list("partners").first(where: { $0["id"] as? String != partnerID })?["id"] as? String {
                // Without the CRM id, which the PRM keeps unique: a copy, not a second link.
                var copy = desired
                copy["partnerId"] = other
                copy["crmLeadId"] = nil
                _ = try prm.create("leads", copy)
            }
            mirror.record("prm-to-crm", "crm", "Lead", id, "update", before: ["PRM_Lead_Id__c": record["PRM_Lead_Id__c"] ?? NSNull()], after: ["PRM_Lead_Id__c": prmID], source: "prm:\(prmID)")
        } catch {
            try mirror.permanentFailure(error, object: "Lead", recordId: id, what: "pass to the partner")
        }
    }

    func mdf(_ record: [String: Any]) throws(RemoteError) {
        guard let id = record["Id"] as? String, let prmID = record["PRM_MDF_Id__c"] as? String, !prmID.isEmpty else { return }
        let wanted = ["Approved": "approved", "Rejected": "rejected", "Paid": "paid"][record["Status__c"] as? String ?? ""]
        guard let wanted else { return }
        let current = try prm.get("mdf-requests", prmID)
        let status = current["status"] as? String ?? ""
        guard status != wanted else { return }
        do {
            _ = try prm.setStatus("mdf-requests", prmID, ["status": wanted])
            mirror.record("crm-to-prm", "prm", "MDFRequest", prmID, "status", before: ["status": status], after: ["status": wanted], source: "crm:\(id)")
        } catch {
            try mirror.permanentFailure(error, object: "MDF_Request__c", recordId: id, what: "move the MDF request of")
        }
    }

    /// Fields the settings declare both ways (or CRM → PRM) go back to the partner contact.
    func contact(_ record: [String: Any]) throws(RemoteError) {
        guard let id = record["Id"] as? String, let prmID = record["PRM_Contact_Id__c"] as? String, !prmID.isEmpty else { return }
        let owned = [("Title", "title"), ("Phone", "phone")].filter { crmField, _ in
            let direction = mirror.settings.directions["Contact.\(crmField)"]
            return direction == .both || direction == .crmToPRM
        }
        guard !owned.isEmpty else { return }
        let current = try prm.get("partner-contacts", prmID)
        var desired: [String: Any] = [:]
        for (crmField, prmField) in owned where current.keys.contains(prmField) {
            if mirror.settings.directions["Contact.\(crmField)"] == .both, mirror.settings.conflictPolicy == .prmWins || MirrorDefect.on(.ignoresConflictPolicy),
                !JSONBody.same(current[prmField], record[crmField]),
                (JSONBody.instant(current["updatedAt"] as? String ?? "") ?? .distantPast)
                    > (JSONBody.instant(record["LastModifiedDate"] as? String ?? "") ?? .distantPast).addingTimeInterval(-5) {
                continue
            }
            desired[prmField] = record[crmField] ?? NSNull()
        }
        try write("partner-contacts", "PartnerContact", prmID, current: current, desired: desired, crmObject: "Contact", source: "crm:\(id)")
    }
}
