/// `security.credentials`, in every scenario: writes made with credentials
/// other than the connector's, the harness's and the scenario's people.
struct CredentialJudge: ItemJudge {
    func checks(for item: ChecklistItem, in scenario: ScenarioContext) -> [Check] {
        IntegrityEvidence.checks(scenario.findings.foreignWrites, in: scenario, clean: "only the given credentials wrote")
    }
}
