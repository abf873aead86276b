import FakeKit

/// `security.partner-isolation`, in every scenario: every partner-scoped
/// record the connector wrote sits under the partner its source belongs to.
/// A PRM record (lead, registration, contact) whose CRM source points at
/// another partner's account, or a CRM record linked to one partner's
/// account while it carries another partner's PRM record, is a leak — a
/// severe failure whether or not the intended partner also has it.
///
/// Partners are the PRM's `Partner` records; a CRM record belongs to a
/// partner when it carries that partner's id (its account) or refers to a
/// record that does. A PRM record's CRM source is a CRM record whose id it
/// carries, or whose e-mail address it carries when no other CRM record has
/// that address (a copy made without the id is still recognisably that
/// record). Nothing here depends on what the connector calls fields.
struct PartnerIsolationJudge: ItemJudge {
    func checks(for item: ChecklistItem, in scenario: ScenarioContext) -> [Check] {
        let run = scenario.run
        let connector = Set(run.connectorActors.values)
        let crm = LatestRecords(run.vendorJournal, connector: connector)
        let prm = LatestRecords(run.prmJournal, connector: connector)
        let partners = Set(prm.records.filter { $0.value.object == "Partner" }.keys)
        guard !partners.isEmpty else { return [] }
        // CRM records that carry a partner's id: its accounts.
        var accountPartner: [String: String] = [:]
        for (id, record) in crm.records {
            if let partner = record.fields.values.lazy.compactMap(\.stringValue).first(where: partners.contains) { accountPartner[id] = partner }
        }
        func partner(ofCRM id: String) -> String? {
            if let own = accountPartner[id] { return own }
            return crm[id]?.fields.values.lazy.compactMap(\.stringValue).compactMap { accountPartner[$0] }.first
        }
        func partner(ofPRM id: String) -> String? {
            if partners.contains(id) { return id }
            return prm[id]?.fields["partnerId"]?.stringValue
        }
        // E-mail addresses that identify exactly one CRM record.
        var byEmail: [String: String?] = [:]
        for (id, record) in crm.records {
            for value in record.fields.values.compactMap(\.stringValue) where value.contains("@") {
                let key = value.lowercased()
                byEmail[key] = byEmail[key] == nil ? id : .some(nil)
            }
        }
        func sources(_ record: LatestRecords.Record) -> [String] {
            let values = record.fields.values.compactMap(\.stringValue)
            let byID = values.filter { crm[$0] != nil }
            let byAddress = values.filter { $0.contains("@") }.compactMap { byEmail[$0.lowercased()] ?? nil }
            return Array(Set(byID + byAddress)).sorted()
        }
        var leaks: [Check] = []
        var scoped = 0
        for id in prm.writtenByConnector.sorted() {
            guard let record = prm[id], let owner = record.fields["partnerId"]?.stringValue else { continue }
            scoped += 1
            for source in sources(record) {
                if let expected = partner(ofCRM: source), expected != owner {
                    leaks.append(.failed(
                        run.scenario, "journal", "partner leak",
                        "PRM \(record.object) \(id) is visible to partner \(owner), but its CRM source \(crm[source]!.object) \(source) belongs to partner \(expected)",
                        recordIds: [id, source], severe: true))
                }
            }
        }
        for id in crm.writtenByConnector.sorted() {
            guard let record = crm[id], let owner = partner(ofCRM: id) else { continue }
            for source in record.fields.values.compactMap(\.stringValue) where prm[source] != nil || partners.contains(source) {
                guard let expected = partner(ofPRM: source) else { continue }
                scoped += 1
                if expected != owner {
                    leaks.append(.failed(
                        run.scenario, "journal", "partner leak",
                        "CRM \(record.object) \(id) is linked to partner \(owner)'s account, but carries PRM record \(source) of partner \(expected)",
                        recordIds: [id, source], severe: true))
                }
            }
        }
        scoped += crossCRMLeaks(run, prm: prm, vendor: crm, partnerOfVendorRecord: partner(ofCRM:), into: &leaks)
        if !leaks.isEmpty { return Array(leaks.prefix(20)) }
        guard scoped > 0 else { return [] }
        guard scenario.activity.worked else { return [.failed(scenario.name, "connector", "no evidence", scenario.activity.missingWork)] }
        return [.passed(run.scenario, "journal", "\(scoped) partner-scoped link\(scoped == 1 ? "" : "s") checked, each within its own partner")]
    }

    /// Across CRMs: whatever the connector wrote into a partner's own CRM
    /// must be that partner's. A record there that carries another
    /// partner's PRM record, a vendor record of another partner's account, or
    /// a record of another partner's CRM (by id or by its unique e-mail
    /// address) is a leak. Returns how many records it checked.
    private func crossCRMLeaks(
        _ run: ScenarioEvidence, prm: LatestRecords, vendor: LatestRecords, partnerOfVendorRecord: (String) -> String?, into leaks: inout [Check]
    ) -> Int {
        let connector = Set(run.connectorActors.values)
        let partnerCRMs = run.worldSystems.filter { $0.role == .partner && $0.partnerId != nil }
        guard !partnerCRMs.isEmpty else { return 0 }
        let stores = Dictionary(uniqueKeysWithValues: partnerCRMs.map { ($0.name, LatestRecords(run.journals[$0.name] ?? [], connector: connector)) })
        // Ids and e-mail addresses of the records people keep in each partner CRM.
        var owner: [String: String] = [:]
        for system in partnerCRMs {
            for (id, record) in stores[system.name]!.records where !stores[system.name]!.writtenByConnector.contains(id) {
                owner[id] = system.partnerId!
                for value in record.fields.values.compactMap(\.stringValue) where value.contains("@") { owner[value.lowercased()] = system.partnerId! }
            }
        }
        var checked = 0
        for system in partnerCRMs {
            let records = stores[system.name]!
            for id in records.writtenByConnector.sorted() {
                guard let record = records[id] else { continue }
                checked += 1
                for value in record.fields.values.compactMap(\.stringValue) {
                    let foreign: String?
                    if let other = prm[value]?.fields["partnerId"]?.stringValue { foreign = other }
                    else if vendor[value] != nil { foreign = partnerOfVendorRecord(value) }
                    else { foreign = owner[value] ?? owner[value.lowercased()] }
                    if let foreign, foreign != system.partnerId! {
                        leaks.append(.failed(
                            run.scenario, "journal", "partner leak",
                            "\(system.name) (partner \(system.partnerId!)'s CRM) holds \(record.object) \(id), written by the connector, carrying '\(value)' of partner \(foreign)",
                            recordIds: [id], severe: true))
                        break
                    }
                }
            }
        }
        return checked
    }
}
