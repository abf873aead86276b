/// Where a run's progress and results go. Like swift-log's handlers: one
/// small protocol, many backends (terminal, files in each format, memory
/// for tests), combined with `MultiplexReporter`.
public protocol RunReporter: Sendable {
    func runStarted(scenarios: Int, connector: String, jobs: Int, outFolder: String)
    func scenarioFinished(_ evidence: ScenarioEvidence, finished: Int, total: Int)
    func runFinished(_ scorecard: Scorecard)
}
