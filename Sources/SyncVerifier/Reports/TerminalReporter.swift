import Foundation

/// Progress and the final scorecard on standard output: a line per scenario
/// (overwriting a progress line on a terminal; plain lines in CI).
public struct TerminalReporter: RunReporter {
    let interactive: Bool
    let write: @Sendable (String) -> Void

    public init(interactive: Bool = isatty(STDOUT_FILENO) == 1, write: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.interactive = interactive
        self.write = write
    }

    public func runStarted(scenarios: Int, connector: String, jobs: Int, outFolder: String) {
        write("Running \(Plural.of(scenarios, "scenario")) against \(connector) (\(jobs) at a time); evidence and reports in \(outFolder)\n")
    }

    public func scenarioFinished(_ evidence: ScenarioEvidence, finished: Int, total: Int) {
        let mark = evidence.verdict == .passed ? "pass" : evidence.verdict.rawValue.uppercased()
        var line = "[\(finished)/\(total)] \(mark.padding(toLength: 6, withPad: " ", startingAt: 0)) \(evidence.scenario) (\(String(format: "%.1f", evidence.durationSeconds)) s)"
        if let reason = evidence.reason, evidence.verdict != .passed { line += "\n        \(reason.prefix(300))" }
        write((interactive ? "\r\u{1B}[K" : "") + line + "\n")
    }

    public func runFinished(_ scorecard: Scorecard) {
        write("\n" + TerminalReport.render(scorecard))
    }
}
