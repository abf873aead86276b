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
            ("Sync lag p50 / p95 / max", "\(seconds(metrics.lag.p50)) / \(seconds(metrics.lag.p95)) / \(seconds(metrics.lag.max)) (\(metrics.lag.count) changes)"),
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
