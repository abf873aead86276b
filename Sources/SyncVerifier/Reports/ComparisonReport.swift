import Foundation

/// Several connectors' scorecards side by side: the vendor evaluation.
public enum ComparisonReport {
    /// Why the runs may not be comparable: they played different scenarios,
    /// with different seeds, against different dialects, or with different
    /// harness versions. Empty when they agree.
    public static func warnings(_ cards: [Scorecard]) -> [String] {
        guard cards.count > 1 else { return [] }
        var warnings: [String] = []
        let names = cards.map { Set($0.scenarios.map(\.name)) }
        if Set(names).count > 1 {
            let all = names.reduce(Set<String>()) { $0.union($1) }
            let differing = cards.enumerated().map { index, card in
                let missing = all.subtracting(names[index]).sorted()
                return "\(card.connector) ran \(Plural.of(names[index].count, "scenario"))" + (missing.isEmpty ? "" : " (not \(missing.prefix(3).joined(separator: ", "))\(missing.count > 3 ? ", …" : ""))")
            }
            warnings.append("the runs played different scenarios: " + differing.joined(separator: "; "))
        }
        if Set(cards.map(\.seed)).count > 1 {
            warnings.append("the runs used different seeds: " + cards.map { "\($0.connector) \($0.seed)" }.joined(separator: ", "))
        }
        let dialects = cards.map { $0.run?.dialects.joined(separator: "+") ?? "unknown" }
        if Set(dialects).count > 1 {
            warnings.append("the runs used different CRM dialects: " + zip(cards, dialects).map { "\($0.connector) \($1)" }.joined(separator: ", "))
        }
        let versions = cards.map { $0.run?.harnessVersion ?? "unknown" }
        if Set(versions).count > 1 {
            warnings.append("the runs came from different harness versions: " + zip(cards, versions).map { "\($0.connector) \($1)" }.joined(separator: ", "))
        }
        return warnings
    }

    /// `6 of 36`: the items each score is over.
    static func itemsRun(_ card: Scorecard) -> String {
        let (ran, total) = ReportFormatting.coverage(card)
        return "\(ran) of \(total)"
    }

    public static func text(_ cards: [Scorecard]) -> String {
        let width = max(14, (cards.map(\.connector.count).max() ?? 0) + 2)
        func cell(_ text: String) -> String { text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0) }
        var lines = warnings(cards).map { "warning: \($0)" }
        if !lines.isEmpty { lines.append("") }
        lines.append("".padding(toLength: 34, withPad: " ", startingAt: 0) + cards.map { cell($0.connector) }.joined())
        lines.append("score".padding(toLength: 34, withPad: " ", startingAt: 0) + cards.map { cell(ReportFormatting.number($0.score, digits: 1)) }.joined())
        lines.append("items run".padding(toLength: 34, withPad: " ", startingAt: 0) + cards.map { cell(itemsRun($0)) }.joined())
        lines.append("scenarios passed".padding(toLength: 34, withPad: " ", startingAt: 0) + cards.map { cell("\($0.scenarios.filter { $0.verdict == .passed }.count) of \($0.scenarios.count)") }.joined())
        var section = ""
        for item in ChecklistCatalogue.items {
            if item.section != section {
                section = item.section
                lines.append("")
                lines.append(section)
            }
            lines.append("  " + item.id.padding(toLength: 32, withPad: " ", startingAt: 0) + cards.map { card in
                cell(card.item(item.id).map(ReportFormatting.status) ?? "not-run")
            }.joined())
        }
        lines.append("")
        lines.append("Metrics")
        let rows = cards.map { ReportFormatting.metricRows($0.metrics) }
        for (index, row) in (rows.first ?? []).enumerated() {
            lines.append("  " + row.0)
            let nameWidth = max(20, cards.map(\.connector.count).max() ?? 0)
            for (card, values) in zip(cards, rows) { lines.append("      \(card.connector.padding(toLength: nameWidth, withPad: " ", startingAt: 0)) \(values[index].1)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func markdown(_ cards: [Scorecard]) -> String {
        let esc = ReportFormatting.escapeMarkdown
        var out = "# Sync Verifier comparison\n\n" + warnings(cards).map { "> ⚠️ **Warning:** \(esc($0))\n>\n" }.joined()
        if !warnings(cards).isEmpty { out += "\n" }
        out += "| item | " + cards.map { esc($0.connector) }.joined(separator: " | ") + " |\n|---|" + cards.map { _ in "---" }.joined(separator: "|") + "|\n"
        out += "| **score** | " + cards.map { "**\(ReportFormatting.number($0.score, digits: 1))**" }.joined(separator: " | ") + " |\n"
        out += "| items run | " + cards.map(itemsRun).joined(separator: " | ") + " |\n"
        for item in ChecklistCatalogue.items {
            out += "| `\(item.id)` | " + cards.map { card in
                card.item(item.id).map { "\(MarkdownReport.icon($0)) \(ReportFormatting.status($0))" } ?? "⚪ not-run"
            }.joined(separator: " | ") + " |\n"
        }
        out += "\n## Metrics\n\n| metric | " + cards.map { esc($0.connector) }.joined(separator: " | ") + " |\n|---|" + cards.map { _ in "---" }.joined(separator: "|") + "|\n"
        let rows = cards.map { ReportFormatting.metricRows($0.metrics) }
        for (index, row) in (rows.first ?? []).enumerated() {
            out += "| \(row.0) | " + rows.map { esc($0[index].1) }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    public static func html(_ cards: [Scorecard]) -> String {
        let esc = ReportFormatting.escapeXML
        var body = "<h1>Sync Verifier comparison</h1>\n" + warnings(cards).map { "<p class=\"warning\">Warning: \(esc($0))</p>\n" }.joined()
        body += SVGCharts.grid(cards) + "\n" + HTMLReport.legend()
        body += "<table class=\"compare\"><thead><tr><th>item</th>" + cards.map { "<th>\(esc($0.connector))</th>" }.joined() + "</tr></thead><tbody>\n"
        body += "<tr><th>score</th>" + cards.map { "<td class=\"score\">\(ReportFormatting.number($0.score, digits: 1))</td>" }.joined() + "</tr>\n"
        body += "<tr class=\"coverage\"><th>items run</th>" + cards.map { "<td>\(itemsRun($0))</td>" }.joined() + "</tr>\n"
        var section = ""
        for item in ChecklistCatalogue.items {
            if item.section != section {
                section = item.section
                body += "<tr class=\"section\"><th colspan=\"\(cards.count + 1)\">\(esc(section))</th></tr>\n"
            }
            body += "<tr><td><code>\(esc(item.id))</code><div class=\"question\">\(esc(item.question))</div></td>"
            for card in cards {
                let verdict = card.item(item.id)
                let status = verdict?.status ?? .notRun
                body += "<td class=\"\(status.rawValue)\" title=\"\(esc(verdict?.summary ?? ""))\"><span class=\"swatch\" style=\"background:\(SVGCharts.colors[status]!)\"></span>\(esc(verdict.map(ReportFormatting.status) ?? "not-run"))"
                if let verdict, verdict.status != .pass, verdict.status != .notRun { body += "<div class=\"question\">\(esc(verdict.summary))</div>" }
                if let verdict, let measured = ReportFormatting.measured(verdict) { body += "<div class=\"measured\">\(esc(measured))</div>" }
                body += "</td>"
            }
            body += "</tr>\n"
        }
        body += "</tbody></table>\n<h2>Metrics</h2><table><thead><tr><th>metric</th>" + cards.map { "<th>\(esc($0.connector))</th>" }.joined() + "</tr></thead><tbody>\n"
        let rows = cards.map { ReportFormatting.metricRows($0.metrics) }
        for (index, row) in (rows.first ?? []).enumerated() {
            body += "<tr><th>\(esc(row.0))</th>" + rows.map { "<td>\(esc($0[index].1))</td>" }.joined() + "</tr>\n"
        }
        body += "</tbody></table>\n<div class=\"charts\">"
        for card in cards {
            body += "<figure><figcaption>\(esc(card.connector)): sync lag</figcaption>\(SVGCharts.histogram(card.metrics.lag.samples, title: "Sync lag of \(card.connector)"))</figure>"
        }
        body += "</div>\n"
        return HTMLReport.page(title: "Sync Verifier comparison", body: body)
    }
}
