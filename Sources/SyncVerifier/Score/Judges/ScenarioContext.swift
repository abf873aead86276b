/// What the judges read about one scenario: its evidence and what was
/// computed from it once (journal findings, sentinel traces, activity).
struct ScenarioContext {
    let run: ScenarioEvidence
    let findings: JournalFindings
    let traces: [SentinelTracer.Trace]
    let activity: ConnectorActivity

    /// - Parameter run: the evidence as the runner wrote it; rollbacks are judged here, from the journals.
    init(_ run: ScenarioEvidence) {
        let run = RollbackJudgement.judgingRollbacks(of: run)
        self.run = run
        findings = JournalFindings(run)
        traces = SentinelTracer.trace(run)
        activity = ConnectorActivity(run)
    }

    var name: String { run.scenario }

    /// The scenario names this item (so its expectations are evidence for it).
    func names(_ item: String) -> Bool { run.checklist.contains(item) }

    /// The scenario asked the connector to make something happen: an
    /// expectation that needs a write (a record, a count, a value, bookings).
    var askedForWork: Bool {
        run.steps.contains { $0.keyword == "expect" && ["record", "count", "value", "incentives", "controlHistory"].contains($0.kind) }
    }

    /// Faults or failure expectations make this a scenario where alerts are expected.
    var isClean: Bool { !run.steps.contains { $0.keyword == "inject" || $0.kind == "alert" } }
}
