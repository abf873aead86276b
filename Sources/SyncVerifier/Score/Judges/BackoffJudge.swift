/// `ops.throttling`: not one request before the moment the client was told
/// to wait (Retry-After, REQUEST_LIMIT_EXCEEDED). Judged wherever anything was
/// throttled, named or not; a request sent during back-off is a severe failure.
struct BackoffJudge: ItemJudge {
    func checks(for item: ChecklistItem, in scenario: ScenarioContext) -> [Check] {
        let requests = scenario.run.requests
        let violations = requests.values.map(\.sentDuringBackoff).reduce(0, +)
        let throttled = requests.values.map(\.throttled).reduce(0, +)
        guard scenario.names(item.id) || throttled > 0 || violations > 0 else { return [] }
        let bySystem = requests.filter { $0.value.sentDuringBackoff > 0 }.sorted { $0.key < $1.key }.map { "\($0.value.sentDuringBackoff) to the \($0.key)" }
        if violations == 0 {
            return [.passed(scenario.name, "requests", "\(throttled) request\(throttled == 1 ? "" : "s") throttled, none sent while told to back off")]
        }
        return [.failed(
            scenario.name, "requests", "back-off ignored",
            "\(throttled) requests throttled, \(violations) sent while told to back off (\(bySystem.joined(separator: ", ")))", severe: true)]
    }
}
