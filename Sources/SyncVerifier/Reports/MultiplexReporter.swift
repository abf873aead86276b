/// Sends every event to each of several reporters, in order.
public struct MultiplexReporter: RunReporter {
    public let reporters: [any RunReporter]

    public init(_ reporters: [any RunReporter]) { self.reporters = reporters }

    public func runStarted(scenarios: Int, connector: String, jobs: Int, outFolder: String) {
        for reporter in reporters { reporter.runStarted(scenarios: scenarios, connector: connector, jobs: jobs, outFolder: outFolder) }
    }

    public func scenarioFinished(_ evidence: ScenarioEvidence, finished: Int, total: Int) {
        for reporter in reporters { reporter.scenarioFinished(evidence, finished: finished, total: total) }
    }

    public func runFinished(_ scorecard: Scorecard) {
        for reporter in reporters { reporter.runFinished(scorecard) }
    }
}
