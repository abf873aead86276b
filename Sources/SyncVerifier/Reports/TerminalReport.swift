import Foundation

/// The scorecard as plain text for a terminal or a CI log.
public enum TerminalReport {
    public static func render(_ scorecard: Scorecard) -> String {
        var lines: [String] = []
        lines.append("Scorecard for \(scorecard.connector): \(ReportFormatting.score(scorecard)), \(ReportFormatting.scenariosPassed(scorecard)) (\(ReportFormatting.seconds(scorecard.durationSeconds)))")
        if let note = ReportFormatting.notRunNote(scorecard) { lines.append(note) }
        if let interrupted = scorecard.interrupted {
            lines.append("INTERRUPTED (\(interrupted)): this report covers only the scenarios that finished (\(scorecard.scenarios.count))")
        }
        var section = ""
        for item in scorecard.items {
            if item.section != section {
                section = item.section
                lines.append("")
                lines.append(section)
            }
            let summary = ReportFormatting.measured(item).map { "\($0); \(item.summary)" } ?? item.summary
            lines.append("  \(ReportFormatting.status(item).padding(toLength: 12, withPad: " ", startingAt: 0)) \(item.id.padding(toLength: 32, withPad: " ", startingAt: 0)) \(summary.prefix(110))")
        }
        lines.append("")
        lines.append("Metrics")
        for (label, value) in ReportFormatting.metricRows(scorecard.metrics) {
            lines.append("  \(label.padding(toLength: 42, withPad: " ", startingAt: 0)) \(value)")
        }
        if let gate = scorecard.gate {
            lines.append("")
            lines.append(gate.passed ? "Gate passed: \(gate.reason)" : "GATE FAILED: \(gate.reason)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
