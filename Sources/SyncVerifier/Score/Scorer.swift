import FakeKit
import Foundation

/// Turns the runner's evidence into the scorecard: a verdict for every
/// checklist item, and the metrics. It reads evidence and nothing else.
///
/// An item's verdict comes from *checks* that its judges (`JudgeCatalogue`)
/// give it in each scenario. All checks pass: `pass`; none: `fail`; some:
/// `partial` with the share — unless one of them is a severe failure
/// (corruption, loss, a leak, a double payment, ignored back-off), which
/// fails the item and its scenario outright. Only unsupported checks:
/// `unsupported`. No checks: `not-run`. In a scenario where the connector
/// never started or wrote nothing, no check passes: no evidence is never a pass.
public struct Scorer {
    public init() {}

    public func score(_ runs: [ScenarioEvidence], connector: String, seed: UInt64, durationSeconds: Double) -> Scorecard {
        let contexts = runs.map(ScenarioContext.init)
        var severe: [String: [(item: String, evidence: ItemEvidence)]] = [:]
        let items = ChecklistCatalogue.items.map { item in
            let checks = Self.checks(for: item, in: contexts)
            for check in checks where check.severe && check.isFailure { severe[check.evidence.scenario, default: []].append((item.id, check.evidence)) }
            let scenarios = Array(Set(contexts.filter { $0.names(item.id) }.map(\.name) + checks.map(\.evidence.scenario))).sorted()
            return Self.decide(item, checks: checks, scenarios: scenarios)
        }
        return Scorecard(
            connector: connector, generatedAt: Date(), seed: seed, durationSeconds: durationSeconds, score: Weights.score(items), items: items,
            metrics: metrics(contexts.map(\.run), findings: Dictionary(uniqueKeysWithValues: contexts.map { ($0.name, $0.findings) }),
                             traces: Dictionary(uniqueKeysWithValues: contexts.map { ($0.name, $0.traces) })),
            scenarios: contexts.map { result($0, severe: severe[$0.name] ?? []) }, gate: nil)
    }

    // MARK: verdicts

    /// Every judge's checks for one item, with passes withdrawn where the
    /// connector did no work (a scenario that could not be played is left as its judges say).
    static func checks(for item: ChecklistItem, in contexts: [ScenarioContext]) -> [Check] {
        let judges = JudgeCatalogue.judges(for: item.id)
        var checks: [Check] = []
        for context in contexts {
            for var check in judges.flatMap({ $0.checks(for: item, in: context) }) {
                if !context.activity.worked, !context.activity.scenarioError, let value = check.value, value > 0 {
                    check = .failed(context.name, check.evidence.step, "no evidence", "\(check.evidence.detail) — but \(context.activity.missingWork), so this proves nothing")
                }
                checks.append(check)
            }
        }
        return checks
    }

    static func decide(_ item: ChecklistItem, checks: [Check], scenarios: [String]) -> ItemVerdict {
        var verdict = ItemVerdict(
            id: item.id, section: item.section, question: item.question, status: .notRun, fraction: nil,
            summary: "no scenario in this run gives evidence for it", scenarios: scenarios, evidence: checks.map(\.evidence))
        guard !checks.isEmpty else { return verdict }
        if checks.allSatisfy({ $0.value == nil }) {
            verdict.status = .unsupported
            verdict.summary = checks[0].evidence.detail
            return verdict
        }
        let values = checks.map { $0.value ?? 0 }
        let fraction = values.reduce(0, +) / Double(values.count)
        verdict.fraction = (fraction * 1000).rounded() / 1000
        let passed = values.filter { $0 == 1 }.count
        let severe = checks.filter { $0.severe && $0.isFailure }
        if let first = severe.first?.evidence {
            verdict.status = .fail
            verdict.summary = "severe: \(severe.count) failure\(severe.count == 1 ? "" : "s") (\(first.outcome)); \(first.scenario) \(first.step): \(first.detail)"
        } else if fraction == 1 {
            verdict.status = .pass
            verdict.summary = "\(checks.count) of \(checks.count) checks passed in \(scenarios.count) scenario\(scenarios.count == 1 ? "" : "s")"
        } else {
            verdict.status = fraction == 0 ? .fail : .partial
            let first = checks.first { ($0.value ?? 0) < 1 }!.evidence
            verdict.summary = "\(passed) of \(checks.count) checks passed; \(first.scenario) \(first.step): \(first.detail)"
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
        let lost = runs.flatMap(\.steps).filter { $0.keyword == "expect" && $0.outcome == .failed && NoLossJudge.lost($0) != nil }.count
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

    /// A scenario's outcome: the runner's verdict, failed as well when a
    /// judge found a severe failure in it (a scenario whose steps all held
    /// can still have corrupted a value or paid a partner twice).
    func result(_ context: ScenarioContext, severe: [(item: String, evidence: ItemEvidence)]) -> ScenarioResult {
        let run = context.run
        var verdict = run.verdict
        var reason = run.reason
        if verdict == .passed, let first = severe.first {
            verdict = .failed
            reason = "\(first.item): \(first.evidence.detail)" + (severe.count > 1 ? " (and \(severe.count - 1) more severe finding\(severe.count == 2 ? "" : "s"))" : "")
        }
        return ScenarioResult(
            name: run.scenario, file: run.file, description: run.description, checklist: run.checklist, verdict: verdict, reason: reason,
            durationSeconds: run.durationSeconds,
            checks: run.steps.filter { $0.keyword == "expect" || $0.keyword == "rollback" || $0.outcome == .error }.map { step in
                ScenarioResult.Check(
                    step: step.path, name: step.keyword == "expect" ? "expect \(step.kind)" : step.keyword, note: step.note, outcome: step.outcome,
                    detail: step.detail, seconds: (step.metAt ?? step.finishedAt).timeIntervalSince(step.startedAt))
            },
            connectorOutput: run.connector.stderrTail,
            connector: ScenarioResult.ConnectorSummary(
                started: context.activity.started, failure: context.activity.failure, writes: context.activity.writes,
                notTheConnectorsFault: context.activity.scenarioError))
    }
}
