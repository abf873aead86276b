/// The CI gate: a minimum score and items that must pass. Without either,
/// the gate is that every scenario passed.
public struct Gate: Sendable {
    public var minScore: Double?
    public var required: [String]

    public init(minScore: Double? = nil, required: [String] = []) {
        self.minScore = minScore
        self.required = required
    }

    /// Ids in `required` that are not checklist items.
    public var unknownRequirements: [String] { required.filter { !ChecklistCatalogue.ids.contains($0) } }

    public func evaluate(_ scorecard: Scorecard) -> GateResult {
        var reasons: [String] = []
        if let minScore, scorecard.score < minScore {
            reasons.append("score \(ReportFormatting.number(scorecard.score, digits: 1)) is below --min-score \(ReportFormatting.number(minScore, digits: 1))")
        }
        for id in required {
            guard let item = scorecard.item(id) else { continue }
            if item.status != .pass { reasons.append("\(id) is \(ReportFormatting.status(item)), not pass") }
        }
        if minScore == nil && required.isEmpty {
            let failed = scorecard.scenarios.filter { $0.verdict != .passed }
            if !failed.isEmpty {
                reasons.append("\(failed.count) of \(scorecard.scenarios.count) scenarios failed (first: \(failed[0].name))")
            }
        }
        let passed = reasons.isEmpty
        let what = [minScore.map { "score ≥ \(ReportFormatting.number($0, digits: 1))" }, required.isEmpty ? nil : "\(required.count) required items pass"]
            .compactMap { $0 }.joined(separator: ", ")
        return GateResult(
            passed: passed, minScore: minScore, required: required,
            reason: passed ? (what.isEmpty ? "every scenario passed" : what) : reasons.joined(separator: "; "))
    }
}
