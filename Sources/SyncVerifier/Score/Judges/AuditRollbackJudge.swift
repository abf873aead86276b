/// `ops.audit-rollback`: history, rollback and health are the control API's.
/// A connector whose manifest does not declare `control` lacks the
/// capability, and the item is `unsupported` — not a share of the record
/// checks that happen to pass in its scenarios.
struct AuditRollbackJudge: ItemJudge {
    let expectations = ExpectationJudge()

    func checks(for item: ChecklistItem, in scenario: ScenarioContext) -> [Check] {
        guard scenario.names(item.id) else { return [] }
        guard scenario.run.connector.control else {
            return [Check(value: nil, evidence: ItemEvidence(
                scenario: scenario.name, step: "manifest", outcome: "unsupported",
                detail: "the connector declares no control API (capabilities.control), so it has no history, rollback or health endpoint",
                recordIds: [], seconds: nil))]
        }
        return expectations.checks(for: item, in: scenario)
    }
}
