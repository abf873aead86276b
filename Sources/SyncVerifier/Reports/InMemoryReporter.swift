import Synchronization

/// Keeps every event, for tests.
public final class InMemoryReporter: RunReporter {
    public enum Event: Sendable {
        case started(scenarios: Int, connector: String)
        case finished(scenario: String, verdict: ScenarioEvidence.Verdict, finished: Int, total: Int)
        case done(Scorecard)
    }

    private let recorded = Mutex<[Event]>([])

    public init() {}

    public var events: [Event] { recorded.withLock { $0 } }

    public func runStarted(scenarios: Int, connector: String, jobs: Int, outFolder: String) {
        recorded.withLock { $0.append(.started(scenarios: scenarios, connector: connector)) }
    }

    public func scenarioFinished(_ evidence: ScenarioEvidence, finished: Int, total: Int) {
        recorded.withLock { $0.append(.finished(scenario: evidence.scenario, verdict: evidence.verdict, finished: finished, total: total)) }
    }

    public func runFinished(_ scorecard: Scorecard) {
        recorded.withLock { $0.append(.done(scorecard)) }
    }
}
