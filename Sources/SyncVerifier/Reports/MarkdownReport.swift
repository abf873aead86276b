import Foundation

/// The scorecard as Markdown, for a CI job summary (`$GITHUB_STEP_SUMMARY`).
public enum MarkdownReport {
    public static func render(_ scorecard: Scorecard) -> String {
        let esc = ReportFormatting.escapeMarkdown
        let (ran, total) = ReportFormatting.coverage(scorecard)
        var out = "# Sync Verifier: \(esc(scorecard.connector))\n\n"
        out += "**Score \(ReportFormatting.number(scorecard.score, digits: 1))** over \(ran) of \(Plural.of(total, "item")) · \(ReportFormatting.scenariosPassed(scorecard)) · \(ReportFormatting.seconds(scorecard.durationSeconds)) · seed \(scorecard.seed)"
        if let run = scorecard.run { out += " · \(esc(run.dialects.joined(separator: ", "))) · sync-verifier \(esc(run.harnessVersion))" }
        out += "\n\n"
        if let note = ReportFormatting.notRunNote(scorecard) { out += "_\(esc(note))._\n\n" }
        if let interrupted = scorecard.interrupted {
            out += "⚠️ **Interrupted** (\(esc(interrupted))): this report covers only the scenarios that finished (\(scorecard.scenarios.count)).\n\n"
        }
        if let gate = scorecard.gate { out += gate.passed ? "✅ Gate passed: \(esc(gate.reason))\n\n" : "❌ **Gate failed:** \(esc(gate.reason))\n\n" }
        out += "## Checklist\n\n| item | status | evidence |\n|---|---|---|\n"
        for item in scorecard.items {
            let measured = ReportFormatting.measured(item).map { " (\($0))" } ?? ""
            out += "| `\(item.id)` | \(icon(item)) \(ReportFormatting.status(item))\(measured) | \(esc(String(item.summary.prefix(200)))) |\n"
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
