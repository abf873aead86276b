/// The CI gate: a minimum score and items that must pass. Without either,
/// the gate is that every scenario passed. Whatever its form, a gate fails
/// when the connector never started in a scenario, or did no work at all:
/// a run without evidence passes no gate.
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
        var reasons = Self.deadConnector(scorecard)
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
                reasons.append("\(failed.count) of \(scorecard.scenarios.count) scenario\(scorecard.scenarios.count == 1 ? "" : "s") failed (first: \(failed[0].name))")
            }
        }
        let passed = reasons.isEmpty
        let what = [minScore.map { "score ≥ \(ReportFormatting.number($0, digits: 1))" }, required.isEmpty ? nil : "\(required.count) required items pass"]
            .compactMap { $0 }.joined(separator: ", ")
        return GateResult(
            passed: passed, minScore: minScore, required: required,
            reason: passed ? (what.isEmpty ? "every scenario passed" : what) : reasons.joined(separator: "; "))
    }

    /// Reasons the connector itself gives no evidence: it never started in
    /// some scenario (with why, and the last line it printed), or it started
    /// and wrote nothing anywhere.
    static func deadConnector(_ scorecard: Scorecard) -> [String] {
        let judged = scorecard.scenarios.filter { !($0.connector?.notTheConnectorsFault ?? false) }
        guard !judged.isEmpty else { return [] }
        let name = scorecard.connector
        let neverStarted = judged.filter { $0.connector.map { !$0.started } ?? false }
        if let first = neverStarted.first {
            let lastLine = first.connectorOutput.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            let why = (first.connector?.failure ?? "no start recorded") + (lastLine.map { "; its last words: \($0)" } ?? "")
            return ["the connector '\(name)' never started in \(neverStarted.count) of \(judged.count) scenario\(judged.count == 1 ? "" : "s") (first: \(first.name): \(why))"]
        }
        if judged.allSatisfy({ ($0.connector?.writes ?? 1) == 0 }) {
            return ["the connector '\(name)' did no work: it started but wrote nothing in any of the \(judged.count) scenario\(judged.count == 1 ? "" : "s")"]
        }
        return []
    }
}
