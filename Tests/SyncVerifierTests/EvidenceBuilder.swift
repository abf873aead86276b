import FakeKit
import Foundation
@testable import SyncVerifier

/// Hand-built evidence for scorer tests: a scenario's steps and journals,
/// written as a story rather than recorded from a run.
struct EvidenceBuilder {
    let name: String
    var checklist: [String]
    var steps: [StepEvidence] = []
    var crm: [JournalEntry] = []
    var prm: [JournalEntry] = []
    var alerts: [Alert] = []
    var sentinels: [Sentinel] = []
    var rollbacks: [RollbackEvidence] = []
    var verdict: ScenarioEvidence.Verdict = .passed
    /// The connector passed its startup check (false: it never started).
    var started = true
    static let t0 = Date(timeIntervalSince1970: 1_900_000_000)
    static let connectorCRM = "sync-verifier-connector"
    static let connectorPRM = "api-key:connector"
    static let salesUser = "005000000000002AAA"

    init(_ name: String, checklist: [String]) {
        self.name = name
        self.checklist = checklist
    }

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    /// The connector wrote something in this scenario (a contact it synced), the evidence a pass stands on.
    mutating func didWork(at time: Double = 0.5) {
        write("crm", Self.connectorCRM, .create, "Contact", "003WORK\(crm.count)", at: time, after: ["LastName": "Worked"])
    }

    mutating func step(
        _ keyword: String, _ kind: String, _ outcome: StepEvidence.Outcome, at start: Double, met: Double? = nil, side: String? = nil,
        object: String? = nil, detail: String = "", ids: [String] = [], checklist: [String]? = nil
    ) {
        steps.append(StepEvidence(
            index: steps.count, path: "steps[\(steps.count)]", keyword: keyword, kind: kind, note: nil, checklist: checklist, outcome: outcome, detail: detail,
            startedAt: Self.at(start), finishedAt: Self.at(met ?? start), metAt: met.map(Self.at), withinSeconds: keyword == "expect" ? 10 : nil,
            side: side, object: object, recordIds: ids))
    }

    mutating func write(
        _ system: String, _ actor: String, _ operation: JournalEntry.Operation, _ object: String, _ id: String, at time: Double,
        before: [String: JSONValue]? = nil, after: [String: JSONValue]? = nil, channel: String = "rest"
    ) {
        let sequence = (system == "crm" ? crm.count : prm.count) + 1
        let entry = JournalEntry(
            sequence: sequence, time: Self.at(time), system: system, actor: actor, operation: operation, object: object, recordID: id,
            before: before, after: after, channel: channel)
        if system == "crm" { crm.append(entry) } else { prm.append(entry) }
    }

    func build() -> ScenarioEvidence {
        ScenarioEvidence(
            scenario: name, file: "\(name).json", description: "", checklist: checklist, seed: 1, startedAt: Self.t0, durationSeconds: 10,
            verdict: verdict, reason: nil, steps: steps, connectorActors: ["crm": Self.connectorCRM, "prm": Self.connectorPRM],
            journals: ["crm": crm, "prm": prm], requests: [:], alerts: alerts, sentinels: sentinels, rollbacks: rollbacks,
            connector: ConnectorRunEvidence(
                name: "test", control: true, starts: started ? [Self.t0] : [], startupSeconds: started ? [0.2] : [],
                failure: started ? nil : "could not start: no such file", stdoutPath: "", stderrPath: ""),
            connectorStartedAt: Self.t0,
            settings: [:], identityFields: identityFields)
    }

    var identityFields: [String: [String: [String]]] = ["crm": ["Opportunity": ["Deal_Registration_Id__c"]], "prm": [:]]
}
