import Foundation

/// The scorecard as Markdown, for a CI job summary (`$GITHUB_STEP_SUMMARY`).
public enum MarkdownReport {
    public static func render(_ scorecard: Scorecard) -> String {
        let esc = ReportFormatting.escapeMarkdown
        let passed = scorecard.scenarios.filter { $0.verdict == .passed }.count
        var out = "# Sync Verifier: \(esc(scorecard.connector))\n\n"
        out += "**Score \(ReportFormatting.number(scorecard.score, digits: 1)) / 100** · \(passed) of \(scorecard.scenarios.count) scenarios passed · \(ReportFormatting.seconds(scorecard.durationSeconds)) · seed \(scorecard.seed)\n\n"
        if let interrupted = scorecard.interrupted {
            out += "⚠️ **Interrupted** (\(esc(interrupted))): this report covers only the scenarios that finished (\(scorecard.scenarios.count)).\n\n"
        }
        if let gate = scorecard.gate { out += gate.passed ? "✅ Gate passed: \(esc(gate.reason))\n\n" : "❌ **Gate failed:** \(esc(gate.reason))\n\n" }
        out += "## Checklist\n\n| item | status | evidence |\n|---|---|---|\n"
        for item in scorecard.items {
            out += "| `\(item.id)` | \(icon(item)) \(ReportFormatting.status(item)) | \(esc(String(item.summary.prefix(200)))) |\n"
        }
        out += "\n## Metrics\n\n| metric | value |\n|---|---|\n"
        for (label, value) in ReportFormatting.metricRows(scorecard.metrics) { out += "| \(label) | \(esc(value)) |\n" }
        let failed = scorecard.scenarios.filter { $0.verdict != .passed }
        if !failed.isEmpty {
            out += "\n## Failed scenarios\n\n"
            for scenario in failed { out += "- **\(esc(scenario.name))**: \(esc(scenario.reason ?? ""))\n" }
        }
        return out
    }

    static func icon(_ item: ItemVerdict) -> String {
        switch item.status {
        case .pass: "✅"
        case .partial: "🟡"
        case .fail: "❌"
        case .unsupported: "⛔"
        case .notRun: "⚪"
        }
    }
}
