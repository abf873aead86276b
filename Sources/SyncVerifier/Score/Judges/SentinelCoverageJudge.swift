/// The coverage items: the share of sentinel values that arrived intact on
/// the other side (missing ones are an honest partial), and — separately — any
/// value that arrived *altered* (a date-time in another instant, a cut
/// multi-select, a number as text): corruption, a severe failure.
struct SentinelCoverageJudge: ItemJudge {
    func checks(for item: ChecklistItem, in scenario: ScenarioContext) -> [Check] {
        guard scenario.names(item.id), !scenario.traces.isEmpty else { return [] }
        let traces = scenario.traces
        let intact = traces.filter { $0.arrival == .intact }.count
        let missing = traces.filter { $0.arrival == .missing }.map { "\($0.sentinel.object).\($0.sentinel.field)" }
        var checks = [Check(value: Double(intact) / Double(traces.count), evidence: ItemEvidence(
            scenario: scenario.name, step: "sentinels", outcome: intact == traces.count ? "passed" : "failed",
            detail: "\(intact) of \(traces.count) sentinel values arrived intact" + (missing.isEmpty ? "" : "; missing: \(missing.prefix(8).joined(separator: ", "))"),
            recordIds: [], seconds: nil))]
        let altered = traces.compactMap { trace -> String? in
            guard case .altered(let what) = trace.arrival else { return nil }
            return "\(trace.sentinel.object).\(trace.sentinel.field) (\(trace.sentinel.type)): \(what)"
        }
        if !altered.isEmpty {
            checks.append(.failed(
                scenario.name, "sentinels", "corrupted",
                "\(altered.count) value\(altered.count == 1 ? "" : "s") arrived corrupted: \(altered.prefix(4).joined(separator: "; "))", severe: true))
        }
        return checks
    }
}
