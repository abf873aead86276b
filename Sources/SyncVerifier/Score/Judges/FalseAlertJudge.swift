/// `ops.alerts` on a clean scenario (nothing injected, no alert expected):
/// any alert is a false one.
struct FalseAlertJudge: ItemJudge {
    func checks(for item: ChecklistItem, in scenario: ScenarioContext) -> [Check] {
        guard scenario.names(item.id), scenario.isClean else { return [] }
        let alerts = scenario.run.alerts
        if alerts.isEmpty { return [.passed(scenario.name, "alerts", "no false alerts")] }
        return [.failed(scenario.name, "alerts", "failed", "\(alerts.count) alert\(alerts.count == 1 ? "" : "s") on a clean run, first: \(alerts[0].message)")]
    }
}
