/// What an integrity or security check in a scenario stands on: the
/// connector worked there, and the records the scenario expected arrived.
/// Without that, "no duplicates found" says nothing — an idle connector finds
/// none either — so the check is a failure that says why, never a pass.
enum IntegrityEvidence {
    /// Record and count expectations that were not met (or never reached).
    static func unmetExpectations(_ run: ScenarioEvidence) -> [StepEvidence] {
        run.steps.filter { $0.keyword == "expect" && ($0.kind == "record" || $0.kind == "count") && $0.outcome != .passed }
    }

    /// The checks a finding list gives: one severe failure per finding (the
    /// first few named), or a pass when the scenario gave the evidence a pass needs.
    static func checks(_ findings: [ItemEvidence], in scenario: ScenarioContext, clean: String) -> [Check] {
        if !findings.isEmpty { return findings.prefix(20).map(Check.severe) }
        guard scenario.activity.worked else {
            return scenario.askedForWork ? [.failed(scenario.name, "connector", "no evidence", scenario.activity.missingWork)] : []
        }
        if let unmet = unmetExpectations(scenario.run).first {
            return [.failed(
                scenario.name, unmet.path, "no evidence",
                "cannot vouch for this scenario: the records it expected did not all arrive (\(unmet.keyword) \(unmet.kind): \(unmet.detail))")]
        }
        return [.passed(scenario.name, "journal", clean)]
    }
}
