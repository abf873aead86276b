import FakeKit
import Foundation

/// `flow.closed-won-incentives`, in every scenario with a won deal: the PRM
/// books commission and rebate once per deal (corrections as adjustments),
/// on the amount the CRM confirmed. A won amount reported wrong — summed
/// across re-reports, or stale — pays the partner wrong: a severe failure.
/// A CRM correction made after the PRM's last word is still in flight, not wrong.
struct IncentiveJudge: ItemJudge {
    func checks(for item: ChecklistItem, in scenario: ScenarioContext) -> [Check] {
        let run = scenario.run
        let prmEntries = run.prmJournal
        let crmEntries = run.vendorJournal
        let prm = LatestRecords(prmEntries, connector: [])
        let won = prm.records.filter { $0.value.object == "DealRegistration" && $0.value.fields["status"] == "won" }.sorted { $0.key < $1.key }
        guard !won.isEmpty else { return [] }
        // Bookings other than one of each kind, as the journal findings counted them.
        let misbooked = Dictionary(scenario.findings.wonDealsNotBookedOnce.map { ($0.recordIds.first ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        let crm = LatestRecords(crmEntries, connector: [])
        var checks: [Check] = []
        for (id, registration) in won {
            if let finding = misbooked[id] {
                checks.append(.severe(finding))
                continue
            }
            guard let shape = run.vendorDeal, let confirmed = registration.fields["confirmedAmount"]?.doubleValue,
                let (dealID, deal) = crm.records.first(where: { $0.value.object == shape.object && $0.value.fields.values.contains(.string(id)) }),
                let stage = deal.fields[shape.stageField]?.stringValue, shape.wonStages.contains(stage),
                let amount = deal.fields[shape.amountField]?.doubleValue
            else {
                checks.append(.passed(run.scenario, "journal", "won registration \(id) booked once", recordIds: [id]))
                continue
            }
            if abs(confirmed - amount) < 0.005 {
                checks.append(.passed(run.scenario, "journal", "won registration \(id) booked once on the CRM's won amount \(amount)", recordIds: [id, dealID]))
                continue
            }
            let crmChanged = LatestRecords.lastChange(of: shape.amountField, record: dealID, in: crmEntries) ?? .distantPast
            let prmChanged = LatestRecords.lastChange(of: "confirmedAmount", record: id, in: prmEntries) ?? .distantPast
            if crmChanged > prmChanged { continue }
            checks.append(.failed(
                run.scenario, "journal", "wrong amount",
                "won registration \(id) was confirmed at \(confirmed), so incentives were booked on \(confirmed); the CRM's won \(shape.object) \(dealID) is \(amount)",
                recordIds: [id, dealID], severe: true))
        }
        return checks
    }
}
