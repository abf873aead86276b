import Foundation

/// Small formatting rules shared by every report, so they all say the same thing the same way.
enum ReportFormatting {
    static func status(_ verdict: ItemVerdict) -> String {
        switch verdict.status {
        case .partial: "partial \(percent(verdict.fraction ?? 0))"
        default: verdict.status.rawValue
        }
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    /// How many checklist items ran (any status but `not-run`): the items the score is over.
    static func coverage(_ scorecard: Scorecard) -> (ran: Int, total: Int) {
        (scorecard.items.filter { $0.status != .notRun }.count, scorecard.items.count)
    }

    /// `score 100.0 over 6 of 36 items`: a score never stands without what it covers.
    static func score(_ scorecard: Scorecard) -> String {
        let (ran, total) = coverage(scorecard)
        return "score \(number(scorecard.score, digits: 1)) over \(ran) of \(Plural.of(total, "item"))"
    }

    /// `28 of 29 scenarios passed`.
    static func scenariosPassed(_ scorecard: Scorecard) -> String {
        let passed = scorecard.scenarios.filter { $0.verdict == .passed }.count
        return "\(passed) of \(Plural.of(scorecard.scenarios.count, "scenario")) passed"
    }

    /// A sentence for a partial run, or nil when every item ran.
    static func notRunNote(_ scorecard: Scorecard) -> String? {
        let (ran, total) = coverage(scorecard)
        guard ran < total else { return nil }
        return "\(total - ran) of \(Plural.of(total, "item")) did not run (no scenario here gives evidence for them); the score covers the \(ran) that did"
    }

    /// The items whose verdict is a duration: their measured seconds are shown beside the status.
    static let timedItems: Set<String> = ["setup.time-to-live", "setup.enterprise-scale"]

    /// For a timed item: the longest time its checks took to hold, e.g. `measured 3.21 s`.
    static func measured(_ verdict: ItemVerdict) -> String? {
        guard timedItems.contains(verdict.id), let longest = verdict.evidence.compactMap(\.seconds).max() else { return nil }
        return "measured \(seconds(longest))"
    }

    /// `2026-12-01 17:40:12 UTC`.
    static func dateTime(_ date: Date) -> String { utc(date, "yyyy-MM-dd HH:mm:ss 'UTC'") }

    /// A date in UTC, in a fixed `DateFormatter` pattern.
    static func utc(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }

    /// A command as a shell would take it: words with spaces or quotes are single-quoted.
    static func shellWords(_ words: [String]) -> String {
        words.map(ShellQuote.quote).joined(separator: " ")
    }

    static func seconds(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value < 10 ? String(format: "%.2f s", value) : String(format: "%.1f s", value)
    }

    static func number(_ value: Double?, digits: Int = 2) -> String {
        guard let value else { return "–" }
        return String(format: "%.\(digits)f", value)
    }

    /// The metrics as label/value rows, in the order reports show them.
    static func metricRows(_ metrics: Metrics) -> [(String, String)] {
        let coverage = metrics.fieldCoverage
        return [
            ("Field coverage (sentinels intact)", coverage.traced == 0 ? "–" : "\(coverage.intact)/\(coverage.traced) (\(percent(coverage.share)))"),
            ("Sync lag p50 / p95 / max", "\(seconds(metrics.lag.p50)) / \(seconds(metrics.lag.p95)) / \(seconds(metrics.lag.max)) (\(Plural.of(metrics.lag.count, "change")))"),
            ("Alert recall", metrics.alerts.recall.map { "\(metrics.alerts.raised)/\(metrics.alerts.expected) (\(percent($0)))" } ?? "–"),
            ("Alert latency p50", seconds(metrics.alerts.latency.p50)),
            ("False alerts on clean runs", "\(metrics.alerts.falseAlerts)"),
            ("Rollback: restored / missed / collateral", "\(metrics.rollback.restored) / \(metrics.rollback.missed) / \(metrics.rollback.collateral)" + (metrics.rollback.unsupported > 0 ? " (\(metrics.rollback.unsupported) unsupported)" : "")),
            ("Requests sent during back-off", "\(metrics.throttling.sentDuringBackoff)"),
            ("Calls per synced record", number(metrics.throttling.callsPerSyncedRecord)),
            ("CRM writes through composite", metrics.throttling.batchShare.map(percent) ?? "–"),
            ("Lost / duplicated / echoed records", "\(metrics.integrity.lost) / \(metrics.integrity.duplicated) / \(metrics.integrity.echoed)"),
            ("Won deals not booked exactly once", "\(metrics.integrity.wonDealsNotBookedOnce) of \(metrics.integrity.wonDeals)"),
            ("Writes by foreign credentials", "\(metrics.integrity.foreignWrites)"),
        ]
    }

    static func escapeXML(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // XML 1.0 forbids most control characters even when escaped.
            case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r": out += "?"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func escapeMarkdown(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
