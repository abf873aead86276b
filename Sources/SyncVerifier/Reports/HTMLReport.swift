import Foundation

/// A self-contained HTML report: inline CSS and SVG, no scripts, nothing
/// fetched from the network, so it can be archived as a CI artifact and
/// opened anywhere.
public enum HTMLReport {
    public static func render(_ scorecard: Scorecard) -> String {
        let esc = ReportFormatting.escapeXML
        let (ran, total) = ReportFormatting.coverage(scorecard)
        var body = "<h1>Sync Verifier scorecard: \(esc(scorecard.connector))</h1>\n"
        body += "<p class=\"headline\"><span class=\"score\">\(ReportFormatting.number(scorecard.score, digits: 1))</span> over <span class=\"coverage\">\(ran) of \(Plural.of(total, "item"))</span> · \(ReportFormatting.scenariosPassed(scorecard)) · \(ReportFormatting.seconds(scorecard.durationSeconds)) · seed \(scorecard.seed)</p>\n"
        if let interrupted = scorecard.interrupted {
            body += "<p class=\"interrupted\">Interrupted (\(esc(interrupted))): this report covers only the scenarios that finished (\(scorecard.scenarios.count)).</p>\n"
        }
        if let gate = scorecard.gate {
            body += "<p class=\"gate \(gate.passed ? "pass" : "fail")\">\(gate.passed ? "Gate passed" : "Gate failed"): \(esc(gate.reason))</p>\n"
        }
        body += facts(scorecard)
        body += "<h2>Checklist</h2>\n" + SVGCharts.grid([scorecard]) + "\n" + legend()
        body += "<table class=\"checklist\"><thead><tr><th>item</th><th>status</th><th>evidence</th></tr></thead><tbody>\n"
        var section = ""
        for item in scorecard.items {
            if item.section != section {
                section = item.section
                body += "<tr class=\"section\"><th colspan=\"3\">\(esc(section))</th></tr>\n"
            }
            body += "<tr class=\"item \(item.status.rawValue)\" id=\"\(esc(item.id))\"><td><code>\(esc(item.id))</code><div class=\"question\">\(esc(item.question))</div></td>"
            body += "<td class=\"status\">\(esc(ReportFormatting.status(item)))"
            if let measured = ReportFormatting.measured(item) { body += "<div class=\"measured\">\(esc(measured))</div>" }
            body += "</td><td>\(esc(item.summary))"
            if !item.evidence.isEmpty {
                body += "<details><summary>\(Plural.of(item.evidence.count, "piece of evidence", "pieces of evidence"))</summary><ul>"
                for piece in item.evidence.prefix(40) {
                    let timing = piece.seconds.map { " (\(ReportFormatting.seconds($0)))" } ?? ""
                    let ids = piece.recordIds.isEmpty ? "" : " [\(piece.recordIds.prefix(5).joined(separator: ", "))]"
                    body += "<li><b>\(esc(piece.scenario))</b> \(esc(piece.step)) — \(esc(piece.outcome))\(timing): \(esc(piece.detail))\(esc(ids))</li>"
                }
                body += "</ul></details>"
            }
            body += "</td></tr>\n"
        }
        body += "</tbody></table>\n"
        body += "<h2>Metrics</h2>\n<table class=\"metrics\"><tbody>\n"
        for (label, value) in ReportFormatting.metricRows(scorecard.metrics) { body += "<tr><th>\(esc(label))</th><td>\(esc(value))</td></tr>\n" }
        body += "</tbody></table>\n"
        body += "<div class=\"charts\"><figure><figcaption>Sync lag (seconds from a source write to the target write)</figcaption>\(SVGCharts.histogram(scorecard.metrics.lag.samples, title: "Sync lag distribution"))</figure>"
        body += "<figure><figcaption>Field coverage by type (green: intact, orange: arrived altered)</figcaption>\(SVGCharts.coverage(scorecard.metrics.fieldCoverage.byType))</figure></div>\n"
        body += "<h2>Scenarios</h2>\n<table class=\"scenarios\"><thead><tr><th>scenario</th><th>verdict</th><th>time</th><th>checks</th></tr></thead><tbody>\n"
        for scenario in scenarios(scorecard) {
            // Links are relative: the reports sit beside one folder per scenario.
            let folder = scorecard.run?.scenario(scenario.name)?.folder ?? scenario.name + "/"
            let href = { (file: String) in esc(folder.split(separator: "/").map { percentEncode(String($0)) }.joined(separator: "/") + "/" + file) }
            body += "<tr class=\"\(scenario.verdict.rawValue)\" id=\"scenario-\(esc(scenario.name))\"><td><b><a href=\"\(href("evidence.json"))\">\(esc(scenario.name))</a></b>"
            body += "<div class=\"question\">\(esc(scenario.description))</div><div class=\"links\"><a href=\"\(href("evidence.json"))\">evidence.json</a> · "
            body += "<a href=\"\(href("connector.stderr"))\">connector.stderr</a> · <a href=\"\(href("connector.stdout"))\">connector.stdout</a></div>"
            if let run = scorecard.run?.scenario(scenario.name) {
                body += "<div class=\"question\">\(esc(run.file)) · \(esc(run.dialect)) · started \(esc(ReportFormatting.dateTime(run.startedAt)))</div>"
            }
            body += "</td><td class=\"status\">\(scenario.verdict.rawValue)</td><td>\(ReportFormatting.seconds(scenario.durationSeconds))</td><td><ul>"
            for check in scenario.checks {
                body += "<li class=\"\(check.outcome.rawValue)\">\(esc(JUnitReport.readableName(check))) — \(check.outcome.rawValue) after \(ReportFormatting.seconds(check.seconds)): \(esc(check.detail))</li>"
            }
            body += "</ul></td></tr>\n"
        }
        body += "</tbody></table>\n"
        return page(title: "Sync Verifier: \(scorecard.connector)", body: body)
    }

    /// The facts a reader needs to trust or repeat the run: when, with what, against what, over how much.
    static func facts(_ scorecard: Scorecard) -> String {
        let esc = ReportFormatting.escapeXML
        let (ran, total) = ReportFormatting.coverage(scorecard)
        var rows: [(String, String, String)] = [("run-date", "Run date", esc(ReportFormatting.dateTime(scorecard.run?.startedAt ?? scorecard.generatedAt)))]
        if let run = scorecard.run {
            rows.append(("harness", "Harness", "sync-verifier \(esc(run.harnessVersion))"))
            rows.append(("connector", "Connector", esc(run.connector.name) + (run.connector.version.map { " <span class=\"version\">version \(esc($0))</span>" } ?? "")))
            rows.append(("command", "Command", "<code>\(esc(ReportFormatting.shellWords(run.connector.command)))</code>"))
            rows.append(("control", "Control API", run.connector.control ? "declared (capabilities.control)" : "not declared (rollback and control-API checks score unsupported)"))
            rows.append(("dialect", run.dialects.count == 1 ? "CRM dialect" : "CRM dialects", esc(run.dialects.joined(separator: ", "))))
        } else {
            rows.append(("connector", "Connector", esc(scorecard.connector)))
        }
        rows.append(("seed", "Seed", "\(scorecard.seed)"))
        var coverage = "\(ran) of \(Plural.of(total, "checklist item")) ran"
        if ran < total { coverage += " (\(total - ran) not run: no scenario here gives evidence for them; the score covers only the items that ran)" }
        rows.append(("coverage", "Coverage", coverage))
        rows.append(("scenarios", "Scenarios", esc(ReportFormatting.scenariosPassed(scorecard)) + " in \(ReportFormatting.seconds(scorecard.durationSeconds))"))
        return "<table class=\"facts\"><tbody>\n" + rows.map { "<tr class=\"\($0.0)\"><th>\($0.1)</th><td>\($0.2)</td></tr>\n" }.joined() + "</tbody></table>\n"
    }

    /// A path segment as a relative URL: letters, digits and `-._~` stay, the rest is %-encoded.
    static func percentEncode(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? segment
    }

    /// Failed scenarios first: what a reader came to see.
    static func scenarios(_ scorecard: Scorecard) -> [ScenarioResult] {
        scorecard.scenarios.filter { $0.verdict != .passed } + scorecard.scenarios.filter { $0.verdict == .passed }
    }

    static func legend() -> String {
        "<p class=\"legend\">" + ItemStatus.allCases.map { "<span class=\"swatch\" style=\"background:\(SVGCharts.colors[$0]!)\"></span>\(SVGCharts.letters[$0]!) \($0.rawValue)" }.joined(separator: " ") + "</p>\n"
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(ReportFormatting.escapeXML(title))</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#212121;max-width:1200px}
        h1{font-size:22px}h2{font-size:18px;margin-top:28px}
        .headline{font-size:16px}.score{font-size:28px;font-weight:700}
        table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #e0e0e0;padding:5px 8px;text-align:left;vertical-align:top;font-size:13px}
        tr.section th{background:#f5f5f5;font-size:14px}.question{color:#616161;font-size:12px}
        tr.pass td.status,tr.passed td.status{color:#2e7d32;font-weight:600}tr.fail td.status,tr.failed td.status,tr.error td.status{color:#c62828;font-weight:600}
        tr.partial td.status{color:#f57f17;font-weight:600}tr.unsupported td.status{color:#6d4c41;font-weight:600}tr.not-run td.status{color:#9e9e9e}
        li.failed,li.error{color:#c62828}li.unsupported{color:#6d4c41}
        .gate.fail{color:#c62828;font-weight:700}.gate.pass{color:#2e7d32}.warning{color:#e65100;font-weight:600}
        .charts{display:flex;flex-wrap:wrap;gap:24px}figure{margin:0}figcaption{font-size:13px;margin-bottom:4px}
        .legend{font-size:12px}.swatch{display:inline-block;width:12px;height:12px;margin:0 4px 0 10px;vertical-align:middle}
        code{font-size:12px}details{margin-top:4px}
        table.facts{width:auto}table.facts th{color:#616161;font-weight:600;padding-right:24px}.measured{font-weight:400;color:#424242;font-size:12px}
        .links{font-size:12px}a{color:#1565c0}
        @media print{body{margin:0;max-width:none}a{color:inherit}}
        </style></head><body>
        \(body)
        <footer><p class="question">Generated by sync-verifier. Every verdict above comes from the two simulated systems' journals, not from the connector's own account.</p></footer>
        </body></html>

        """
    }
}
