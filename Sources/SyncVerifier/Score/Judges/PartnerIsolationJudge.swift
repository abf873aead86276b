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
        let crm = LatestRecords(run.journals["crm"] ?? [], connector: connector)
        let prm = LatestRecords(run.journals["prm"] ?? [], connector: connector)
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
        if !leaks.isEmpty { return Array(leaks.prefix(20)) }
        guard scoped > 0 else { return [] }
        guard scenario.activity.worked else { return [.failed(scenario.name, "connector", "no evidence", scenario.activity.missingWork)] }
        return [.passed(run.scenario, "journal", "\(scoped) partner-scoped link\(scoped == 1 ? "" : "s") checked, each within its own partner")]
    }
}
