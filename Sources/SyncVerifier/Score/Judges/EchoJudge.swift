/// `integrity.no-echo`, in every scenario: connector writes that change
/// nothing, or put back what its own previous write replaced (ping-pong).
struct EchoJudge: ItemJudge {
    func checks(for item: ChecklistItem, in scenario: ScenarioContext) -> [Check] {
        IntegrityEvidence.checks(scenario.findings.echoes, in: scenario, clean: "no echoed write")
    }
}
