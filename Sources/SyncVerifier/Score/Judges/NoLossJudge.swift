/// `integrity.no-loss`, in every scenario: every record the scenario
/// expected to cross is there — a record expectation that never found its
/// record, or a count that stayed short, is a lost record (severe). A
/// scenario that expects no record gives no evidence of loss either way.
struct NoLossJudge: ItemJudge {
    func checks(for item: ChecklistItem, in scenario: ScenarioContext) -> [Check] {
        let run = scenario.run
        let expectations = run.steps.filter { $0.keyword == "expect" && ($0.kind == "record" || $0.kind == "count") }
        guard !expectations.isEmpty else { return [] }
        guard scenario.activity.worked else { return [.failed(scenario.name, "connector", "no evidence", scenario.activity.missingWork)] }
        var checks: [Check] = []
        for step in expectations where step.outcome != .passed {
            if step.outcome == .skipped {
                checks.append(.failed(scenario.name, step.path, "not reached", "never checked: \(step.detail)"))
            } else if let lost = Self.lost(step) {
                checks.append(.failed(scenario.name, step.path, "lost", lost, recordIds: step.recordIds, severe: true))
            }
        }
        if checks.isEmpty {
            checks.append(.passed(scenario.name, "journal", "every one of \(expectations.count) expected record\(expectations.count == 1 ? "" : "s") or counts arrived"))
        }
        return checks
    }

    /// What a failed expectation says was lost: no record at all, or fewer
    /// than the count (a record with wrong values is not lost, it is wrong).
    static func lost(_ step: StepEvidence) -> String? {
        // The runner writes "after 10.0 s: " before what it last saw.
        var finding = Substring(step.detail)
        if finding.hasPrefix("after "), let colon = finding.range(of: ": ") { finding = finding[colon.upperBound...] }
        if step.kind == "record" {
            return finding.hasPrefix("no \(step.object ?? "")") ? "lost: \(step.detail)" : nil
        }
        // "27 Opportunity match … (expected 30)"
        guard let found = finding.split(separator: " ").first.flatMap({ Int($0) }), let range = finding.range(of: "(expected "),
            let expected = Int(finding[range.upperBound...].prefix { $0.isNumber }), found < expected
        else { return nil }
        return "lost \(expected - found) of \(expected): \(step.detail)"
    }
}
