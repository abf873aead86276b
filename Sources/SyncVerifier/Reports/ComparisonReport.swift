import Foundation

/// Several connectors' scorecards side by side: the vendor evaluation.
public enum ComparisonReport {
    public static func text(_ cards: [Scorecard]) -> String {
        let width = 14
        func cell(_ text: String) -> String { String(text.prefix(width - 1)).padding(toLength: width, withPad: " ", startingAt: 0) }
        var lines = ["".padding(toLength: 34, withPad: " ", startingAt: 0) + cards.map { cell($0.connector) }.joined()]
        lines.append("score".padding(toLength: 34, withPad: " ", startingAt: 0) + cards.map { cell(ReportFormatting.number($0.score, digits: 1)) }.joined())
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
            for (card, values) in zip(cards, rows) { lines.append("      \(card.connector.padding(toLength: 20, withPad: " ", startingAt: 0)) \(values[index].1)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func markdown(_ cards: [Scorecard]) -> String {
        let esc = ReportFormatting.escapeMarkdown
        var out = "# Sync Verifier comparison\n\n| item | " + cards.map { esc($0.connector) }.joined(separator: " | ") + " |\n|---|" + cards.map { _ in "---" }.joined(separator: "|") + "|\n"
        out += "| **score** | " + cards.map { "**\(ReportFormatting.number($0.score, digits: 1))**" }.joined(separator: " | ") + " |\n"
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
        var body = "<h1>Sync Verifier comparison</h1>\n" + SVGCharts.grid(cards) + "\n" + HTMLReport.legend()
        body += "<table class=\"compare\"><thead><tr><th>item</th>" + cards.map { "<th>\(esc($0.connector))</th>" }.joined() + "</tr></thead><tbody>\n"
        body += "<tr><th>score</th>" + cards.map { "<td class=\"score\">\(ReportFormatting.number($0.score, digits: 1))</td>" }.joined() + "</tr>\n"
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
                if let verdict, verdict.status != .pass, verdict.status != .notRun { body += "<div class=\"question\">\(esc(String(verdict.summary.prefix(160))))</div>" }
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
            body += "<figure><figcaption>\(esc(card.connector)): sync lag</figcaption>\(SVGCharts.histogram(card.metrics.lag.samples, title: "Sync lag of \(esc(card.connector))"))</figure>"
        }
        body += "</div>\n"
        return HTMLReport.page(title: "Sync Verifier comparison", body: body)
    }
}
