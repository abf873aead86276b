import FakeKit
import Foundation

/// Turns the runner's evidence into the scorecard: a verdict for every
/// checklist item, and the metrics. It reads evidence and nothing else.
///
/// An item's verdict comes from *checks*: every expectation and rollback of
/// the scenarios that name it, plus findings from the journals (sentinel
/// coverage for the coverage items; duplicates, echoes, lost records,
/// foreign credentials and incentive bookings for the integrity items,
/// which every scenario is checked for). All checks pass: `pass`; none:
/// `fail`; some: `partial` with the share. Only unsupported checks:
/// `unsupported`. No checks: `not-run`.
public struct Scorer {
    public init() {}

    /// Items whose journal findings are checked in every scenario, named or not.
    static let everyScenario: Set<String> = ["integrity.no-loss", "integrity.no-duplicates", "integrity.no-echo", "security.credentials"]
    static let coverageItems: Set<String> = ["flow.field-coverage", "setup.zero-config", "schema.field-types", "schema.custom-fields", "drift.new-fields"]

    struct Unit {
        var value: Double?  // nil: unsupported
        var evidence: ItemEvidence
    }

    public func score(_ runs: [ScenarioEvidence], connector: String, seed: UInt64, durationSeconds: Double) -> Scorecard {
        let findings = Dictionary(uniqueKeysWithValues: runs.map { ($0.scenario, JournalFindings($0)) })
        let traces = Dictionary(uniqueKeysWithValues: runs.map { ($0.scenario, SentinelTracer.trace($0)) })
        let items = ChecklistCatalogue.items.map { item in
            verdict(item, runs: runs, findings: findings, traces: traces)
        }
        return Scorecard(
            connector: connector, generatedAt: Date(), seed: seed, durationSeconds: durationSeconds, score: Weights.score(items), items: items,
            metrics: metrics(runs, findings: findings, traces: traces), scenarios: runs.map(result), gate: nil)
    }

    // MARK: verdicts

    func verdict(_ item: ChecklistItem, runs: [ScenarioEvidence], findings: [String: JournalFindings], traces: [String: [SentinelTracer.Trace]]) -> ItemVerdict {
        var units: [Unit] = []
        let named = runs.filter { $0.checklist.contains(item.id) }
        for run in named {
            if run.verdict == .error && run.steps.allSatisfy({ $0.keyword != "expect" && $0.keyword != "rollback" }) {
                units.append(Unit(value: 0, evidence: ItemEvidence(scenario: run.scenario, step: "$", outcome: "error", detail: run.reason ?? "the scenario could not be played", recordIds: [], seconds: nil)))
            }
            for step in run.steps where (step.keyword == "expect" || step.keyword == "rollback") && (step.checklist?.contains(item.id) ?? true) {
                let value: Double? = switch step.outcome {
                case .passed: 1
                case .unsupported: nil
                default: 0
                }
                units.append(Unit(value: value, evidence: ItemEvidence(
                    scenario: run.scenario, step: step.path, outcome: step.outcome.rawValue, detail: "\(step.keyword) \(step.kind): \(step.detail)",
                    recordIds: Array(step.recordIds.prefix(10)), seconds: step.metAt.map { $0.timeIntervalSince(step.startedAt) })))
            }
            if Self.coverageItems.contains(item.id), let trace = traces[run.scenario], !trace.isEmpty {
                let intact = trace.filter { $0.arrival == .intact }.count
                let missing = trace.filter { $0.arrival == .missing }.map { "\($0.sentinel.object).\($0.sentinel.field)" }
                units.append(Unit(value: Double(intact) / Double(trace.count), evidence: ItemEvidence(
                    scenario: run.scenario, step: "sentinels", outcome: intact == trace.count ? "passed" : "failed",
                    detail: "\(intact) of \(trace.count) sentinel values arrived intact" + (missing.isEmpty ? "" : "; missing: \(missing.prefix(8).joined(separator: ", "))"),
                    recordIds: [], seconds: nil)))
            }
            if item.id == "ops.alerts", !run.steps.contains(where: { $0.keyword == "inject" || $0.kind == "alert" }) {
                // A clean scenario: any alert is a false one.
                let count = run.alerts.count
                units.append(Unit(value: count == 0 ? 1 : 0, evidence: ItemEvidence(
                    scenario: run.scenario, step: "alerts", outcome: count == 0 ? "passed" : "failed",
                    detail: count == 0 ? "no false alerts" : "\(count) alerts on a clean run, first: \(run.alerts[0].message)", recordIds: [], seconds: nil)))
            }
            if item.id == "ops.throttling" {
                // Back-off honoured: not one request before the moment the client was given.
                let violations = run.requests.values.map(\.sentDuringBackoff).reduce(0, +)
                let throttled = run.requests.values.map(\.throttled).reduce(0, +)
                units.append(Unit(value: violations == 0 ? 1 : 0, evidence: ItemEvidence(
                    scenario: run.scenario, step: "requests", outcome: violations == 0 ? "passed" : "failed",
                    detail: "\(throttled) requests throttled, \(violations) sent while told to back off", recordIds: [], seconds: nil)))
            }
            if item.id == "flow.closed-won-incentives", let found = findings[run.scenario], found.wonDeals > 0 {
                units.append(Unit(value: found.wonDealsNotBookedOnce.isEmpty ? 1 : 0, evidence: found.wonDealsNotBookedOnce.first ?? ItemEvidence(
                    scenario: run.scenario, step: "journal", outcome: "passed", detail: "\(found.wonDeals) won deals, each booked exactly once", recordIds: [], seconds: nil)))
            }
        }
        if Self.everyScenario.contains(item.id) {
            for run in runs {
                guard let found = findings[run.scenario] else { continue }
                let problems: [ItemEvidence]
                switch item.id {
                case "integrity.no-duplicates": problems = found.duplicates
                case "integrity.no-echo": problems = found.echoes
                case "security.credentials": problems = found.foreignWrites
                default:
                    problems = run.steps.filter { $0.kind == "record" && $0.outcome == .failed && $0.detail.contains("no \($0.object ?? "")") }.map {
                        ItemEvidence(scenario: run.scenario, step: $0.path, outcome: "lost", detail: $0.detail, recordIds: [], seconds: nil)
                    }
                }
                units.append(Unit(value: problems.isEmpty ? 1 : 0, evidence: problems.first ?? ItemEvidence(
                    scenario: run.scenario, step: "journal", outcome: "passed", detail: "none found", recordIds: [], seconds: nil)))
            }
        }
        let scenarios = Array(Set(named.map(\.scenario) + units.map(\.evidence.scenario))).sorted()
        return Self.decide(item, units: units, scenarios: scenarios)
    }

    static func decide(_ item: ChecklistItem, units: [Unit], scenarios: [String]) -> ItemVerdict {
        var verdict = ItemVerdict(
            id: item.id, section: item.section, question: item.question, status: .notRun, fraction: nil,
            summary: "no scenario in this run gives evidence for it", scenarios: scenarios, evidence: units.map(\.evidence))
        guard !units.isEmpty else { return verdict }
        if units.allSatisfy({ $0.value == nil }) {
            verdict.status = .unsupported
            verdict.summary = units[0].evidence.detail
            return verdict
        }
        let values = units.map { $0.value ?? 0 }
        let fraction = values.reduce(0, +) / Double(values.count)
        verdict.fraction = (fraction * 1000).rounded() / 1000
        let passed = values.filter { $0 == 1 }.count
        if fraction == 1 {
            verdict.status = .pass
            verdict.summary = "\(units.count) of \(units.count) checks passed in \(scenarios.count) scenario\(scenarios.count == 1 ? "" : "s")"
        } else {
            verdict.status = fraction == 0 ? .fail : .partial
            let first = units.first { ($0.value ?? 0) < 1 }!.evidence
            verdict.summary = "\(passed) of \(units.count) checks passed; \(first.scenario) \(first.step): \(first.detail)"
        }
        return verdict
    }

    // MARK: metrics

    func metrics(_ runs: [ScenarioEvidence], findings: [String: JournalFindings], traces: [String: [SentinelTracer.Trace]]) -> Metrics {
        var byType: [String: Metrics.TypeCoverage] = [:]
        for trace in traces.values.flatMap({ $0 }) {
            var coverage = byType[trace.sentinel.type] ?? Metrics.TypeCoverage(traced: 0, arrived: 0, intact: 0, altered: [])
            coverage.traced += 1
            switch trace.arrival {
            case .intact:
                coverage.arrived += 1
                coverage.intact += 1
            case .altered(let what):
                coverage.arrived += 1
                if coverage.altered.count < 5 { coverage.altered.append(what) }
            case .missing: break
            }
            byType[trace.sentinel.type] = coverage
        }
        let traced = byType.values.map(\.traced).reduce(0, +)
        let intact = byType.values.map(\.intact).reduce(0, +)
        let coverage = Metrics.FieldCoverage(
            byType: byType, traced: traced, arrived: byType.values.map(\.arrived).reduce(0, +), intact: intact,
            share: traced == 0 ? 0 : Double(intact) / Double(traced))

        var lags: [Double] = []
        var alertLatencies: [Double] = []
        var alertsExpected = 0
        var alertsRaised = 0
        var falseAlerts = 0
        for run in runs {
            for (index, step) in run.steps.enumerated() where step.keyword == "expect" {
                if step.kind == "record", step.outcome == .passed, let metAt = step.metAt, let side = step.side,
                    let act = run.steps[..<index].last(where: { $0.keyword == "act" && $0.side != side && $0.outcome == .passed }),
                    let actTime = act.metAt, metAt >= actTime {
                    lags.append(metAt.timeIntervalSince(actTime))
                }
                if step.kind == "alert" {
                    alertsExpected += 1
                    if step.outcome == .passed, let metAt = step.metAt {
                        alertsRaised += 1
                        let cause = run.steps[..<index].last { $0.keyword == "inject" || $0.keyword == "act" }
                        alertLatencies.append(max(0, metAt.timeIntervalSince(cause?.startedAt ?? step.startedAt)))
                    }
                }
            }
            if !run.steps.contains(where: { $0.keyword == "inject" || $0.kind == "alert" }) { falseAlerts += run.alerts.count }
        }
        let rollbacks = runs.flatMap(\.rollbacks)
        let unsupportedRollbacks = runs.flatMap(\.steps).filter { $0.keyword == "rollback" && $0.outcome == .unsupported }.count
        let requests = runs.flatMap { $0.requests.values }
        let totalRequests = requests.map(\.total).reduce(0, +)
        let written = findings.values.map(\.writtenRecords).reduce(0, +)
        let crmWrites = findings.values.map(\.crmWrites).reduce(0, +)
        let lost = runs.flatMap(\.steps).filter { $0.kind == "record" && $0.outcome == .failed && $0.detail.contains("no \($0.object ?? "")") }.count
        return Metrics(
            fieldCoverage: coverage, lag: Metrics.Distribution(lags),
            alerts: Metrics.AlertMetrics(
                expected: alertsExpected, raised: alertsRaised, recall: alertsExpected == 0 ? nil : Double(alertsRaised) / Double(alertsExpected),
                latency: Metrics.Distribution(alertLatencies), falseAlerts: falseAlerts),
            rollback: Metrics.RollbackMetrics(
                requested: rollbacks.count, restored: rollbacks.map(\.restored.count).reduce(0, +), missed: rollbacks.map(\.missed.count).reduce(0, +),
                collateral: rollbacks.map(\.collateral.count).reduce(0, +), unsupported: unsupportedRollbacks),
            throttling: Metrics.ThrottlingMetrics(
                requests: totalRequests, faulted: requests.map { $0.faulted.values.reduce(0, +) }.reduce(0, +),
                sentDuringBackoff: requests.map(\.sentDuringBackoff).reduce(0, +),
                callsPerSyncedRecord: written == 0 ? nil : Double(totalRequests) / Double(written),
                batchShare: crmWrites == 0 ? nil : Double(findings.values.map(\.batchedCRMWrites).reduce(0, +)) / Double(crmWrites)),
            integrity: Metrics.IntegrityMetrics(
                lost: lost, duplicated: findings.values.map(\.duplicates.count).reduce(0, +), echoed: findings.values.map(\.echoes.count).reduce(0, +),
                wonDeals: findings.values.map(\.wonDeals).reduce(0, +), wonDealsNotBookedOnce: findings.values.map(\.wonDealsNotBookedOnce.count).reduce(0, +),
                foreignWrites: findings.values.map(\.foreignWrites.count).reduce(0, +)))
    }

    func result(_ run: ScenarioEvidence) -> ScenarioResult {
        ScenarioResult(
            name: run.scenario, file: run.file, description: run.description, checklist: run.checklist, verdict: run.verdict, reason: run.reason,
            durationSeconds: run.durationSeconds,
            checks: run.steps.filter { $0.keyword == "expect" || $0.keyword == "rollback" || $0.outcome == .error }.map { step in
                ScenarioResult.Check(
                    step: step.path, name: step.keyword == "expect" ? "expect \(step.kind)" : step.keyword, note: step.note, outcome: step.outcome,
                    detail: step.detail, seconds: (step.metAt ?? step.finishedAt).timeIntervalSince(step.startedAt))
            },
            connectorOutput: run.connector.stderrTail)
    }
}
