import Foundation

/// The scenarios as JUnit XML: one `testsuite` per scenario, one `testcase`
/// per expectation (and rollback), in the common JUnit schema CI systems read.
public enum JUnitReport {
    public static func render(_ scorecard: Scorecard) -> String {
        let esc = ReportFormatting.escapeXML
        func count(_ checks: [ScenarioResult.Check], _ outcomes: Set<StepEvidence.Outcome>) -> Int { checks.filter { outcomes.contains($0.outcome) }.count }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        // No attributes on <testsuites>: the Ant schema allows none, and readers total the suites themselves.
        out += "<testsuites>\n"
        for (index, scenario) in scorecard.scenarios.enumerated() {
            let checks = scenario.checks
            out += "  <testsuite name=\"\(esc(scenario.name))\" id=\"\(index)\" package=\"sync-verifier\" hostname=\"localhost\" tests=\"\(checks.count)\" failures=\"\(count(checks, [.failed]))\" errors=\"\(count(checks, [.error]))\" skipped=\"\(count(checks, [.skipped, .unsupported]))\" time=\"\(time(scenario.durationSeconds))\" timestamp=\"\(timestamp(scorecard.generatedAt))\">\n"
            out += "    <properties>\n      <property name=\"checklist\" value=\"\(esc(scenario.checklist.joined(separator: ",")))\"/>\n      <property name=\"file\" value=\"\(esc(scenario.file))\"/>\n    </properties>\n"
            for check in checks {
                let name = "\(check.step) \(check.name)" + (check.note.map { ": \($0)" } ?? "")
                out += "    <testcase name=\"\(esc(name))\" classname=\"\(esc(scenario.name))\" time=\"\(time(check.seconds))\""
                switch check.outcome {
                case .passed: out += "/>\n"
                case .failed: out += ">\n      <failure message=\"\(esc(String(check.detail.prefix(300))))\" type=\"expectation\">\(esc(check.detail))</failure>\n    </testcase>\n"
                case .error: out += ">\n      <error message=\"\(esc(String(check.detail.prefix(300))))\" type=\"scenario\">\(esc(check.detail))</error>\n    </testcase>\n"
                case .skipped, .unsupported:
                    out += ">\n      <skipped/>\n    </testcase>\n"
                }
            }
            out += "    <system-out>\(esc(scenario.reason ?? ""))</system-out>\n    <system-err>\(esc(scenario.connectorOutput))</system-err>\n  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    static func time(_ seconds: Double) -> String { String(format: "%.3f", max(0, seconds)) }

    /// `xs:dateTime` without a zone, as the schema's `ISO8601_DATETIME_PATTERN` wants.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date)
    }
}
