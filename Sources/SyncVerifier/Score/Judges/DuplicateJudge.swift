/// `integrity.no-duplicates`, in every scenario: two records the connector
/// created that carry one other-side record id in an identity field.
struct DuplicateJudge: ItemJudge {
    func checks(for item: ChecklistItem, in scenario: ScenarioContext) -> [Check] {
        IntegrityEvidence.checks(scenario.findings.duplicates, in: scenario, clean: "no record crossed twice")
    }
}
