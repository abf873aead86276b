/// `security.credentials`, in every scenario: writes made with credentials
/// other than the connector's, the harness's and the scenario's people, and
/// any attempt to send data to a host outside the world (the proxy refused
/// it and recorded the host).
struct CredentialJudge: ItemJudge {
    func checks(for item: ChecklistItem, in scenario: ScenarioContext) -> [Check] {
        let outside = (scenario.run.outsideDestinations ?? []).map { refusal in
            ItemEvidence(
                scenario: scenario.name, step: "proxy", outcome: "outside host",
                detail: "the connector tried to reach \(refusal.host):\(refusal.port) (\(refusal.method)), outside the world; the proxy refused it",
                recordIds: [], seconds: nil)
        }
        return IntegrityEvidence.checks(outside + scenario.findings.foreignWrites, in: scenario, clean: "only the given credentials wrote")
    }
}
