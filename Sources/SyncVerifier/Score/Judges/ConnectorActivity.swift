/// Whether the connector did any work in a scenario: the evidence every pass
/// stands on. A connector that never started, or started and wrote nothing,
/// passes nothing there — not even the checks that only look for harm
/// ("no duplicates", "no foreign writes"), which an idle process meets trivially.
struct ConnectorActivity {
    /// The connector passed its startup check at least once.
    let started: Bool
    /// Why it did not start (or what ended it), as the runner saw it.
    let failure: String?
    /// Journal writes made with the connector's credentials, on every system.
    let writes: Int
    /// The scenario could not be played for reasons of its own (a world that would not build).
    let scenarioError: Bool

    init(_ run: ScenarioEvidence) {
        started = !run.connector.startupSeconds.isEmpty
        failure = run.connector.failure
        let actors = Set(run.connectorActors.values)
        writes = run.journals.values.map { $0.filter { actors.contains($0.actor) }.count }.reduce(0, +)
        scenarioError = run.verdict == .error && run.connector.starts.isEmpty
    }

    /// Passes in this scenario rest on work the connector did.
    var worked: Bool { started && writes > 0 }

    /// Why a check here cannot pass, for its evidence line.
    var missingWork: String {
        if !started {
            let tail = failure.map { ": \($0)" } ?? ""
            return "the connector never started\(tail)"
        }
        return "the connector wrote nothing in this scenario" + (failure.map { " (\($0))" } ?? "")
    }
}
