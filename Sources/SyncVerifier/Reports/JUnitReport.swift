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
            // Each scenario's own start; reports from before `run` existed fall back to the report's time.
            let run = scorecard.run?.scenario(scenario.name)
            out += "  <testsuite name=\"\(esc(scenario.name))\" id=\"\(index)\" package=\"sync-verifier\" hostname=\"localhost\" tests=\"\(checks.count)\" failures=\"\(count(checks, [.failed]))\" errors=\"\(count(checks, [.error]))\" skipped=\"\(count(checks, [.skipped, .unsupported]))\" time=\"\(time(scenario.durationSeconds))\" timestamp=\"\(timestamp(run?.startedAt ?? scorecard.generatedAt))\">\n"
            out += "    <properties>\n      <property name=\"checklist\" value=\"\(esc(scenario.checklist.joined(separator: ",")))\"/>\n      <property name=\"file\" value=\"\(esc(scenario.file))\"/>\n"
            if let run { out += "      <property name=\"dialect\" value=\"\(esc(run.dialect))\"/>\n" }
            out += "    </properties>\n"
            for check in checks {
                let name = readableName(check)
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

    /// `step 3 expects a record: the registration arrives`, from `steps[2]`, `expect record` and the step's note.
    static func readableName(_ check: ScenarioResult.Check) -> String {
        var place = check.step
        if let open = place.firstIndex(of: "["), let index = Int(place[place.index(after: open)...].dropLast()) {
            place = (place.hasPrefix("setup") ? "setup step " : "step ") + "\(index + 1)"
        }
        let verbs = [
            "expect record": "expects a record", "expect noRecord": "expects no record", "expect count": "expects a count",
            "expect alert": "expects an alert", "expect noAlert": "expects no alert", "expect noWrite": "expects no write",
            "expect incentives": "expects incentives", "expect controlHistory": "expects a control history", "expect value": "expects a value",
            "rollback": "rolls back",
        ]
        return "\(place) \(verbs[check.name] ?? check.name)" + (check.note.map { ": \($0)" } ?? "")
    }

    static func time(_ seconds: Double) -> String { String(format: "%.3f", max(0, seconds)) }

    /// `xs:dateTime` without a zone, as the schema's `ISO8601_DATETIME_PATTERN` wants.
    static func timestamp(_ date: Date) -> String { ReportFormatting.utc(date, "yyyy-MM-dd'T'HH:mm:ss") }
}
