import Foundation

/// Progress and the final scorecard on standard output: a line per scenario
/// (overwriting a progress line on a terminal; plain lines in CI). When the
/// reader goes away (`run … | head -1`), the run stops as if interrupted.
public struct TerminalReporter: RunReporter {
    let interactive: Bool
    let write: @Sendable (String) -> Void

    public init(interactive: Bool = isatty(STDOUT_FILENO) == 1, write: @escaping @Sendable (String) -> Void = TerminalReporter.standardOutput) {
        self.interactive = interactive
        self.write = write
    }

    public static let standardOutput: @Sendable (String) -> Void = { text in
        if !StandardOutput.write(text) { RunInterruption.shared.request(signal: SIGPIPE) }
    }

    public func runStarted(scenarios: Int, connector: String, jobs: Int, outFolder: String) {
        write("Running \(Plural.of(scenarios, "scenario")) against \(connector) (\(jobs) at a time); evidence and reports in \(outFolder)\n")
    }

    public func scenarioFinished(_ recorded: ScenarioEvidence, finished: Int, total: Int) {
        // Rollbacks are the scorer's to judge: the line says what the scorecard will.
        let evidence = RollbackJudgement.judgingRollbacks(of: recorded)
        let mark = evidence.verdict == .passed ? "pass" : evidence.verdict.rawValue.uppercased()
        var line = "[\(finished)/\(total)] \(mark.padding(toLength: 6, withPad: " ", startingAt: 0)) \(evidence.scenario) (\(String(format: "%.1f", evidence.durationSeconds)) s)"
        if let reason = evidence.reason, evidence.verdict != .passed { line += "\n        \(reason.prefix(800))" }
        write((interactive ? "\r\u{1B}[K" : "") + line + "\n")
    }

    public func runFinished(_ scorecard: Scorecard) {
        write("\n" + TerminalReport.render(scorecard))
    }
}
