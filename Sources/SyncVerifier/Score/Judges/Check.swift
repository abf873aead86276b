/// One piece of evidence a judge gives for one checklist item in one
/// scenario: passed (1), failed (0), a share between, or unsupported (nil).
///
/// A *severe* failure is corruption or loss the buyer cannot accept in any
/// share — a value moved in time, a lost or duplicated record, a record shown
/// to the wrong partner, a double payment, a request sent during back-off:
/// it fails its item whatever its other checks say, and fails its scenario.
struct Check {
    var value: Double?
    var severe = false
    var evidence: ItemEvidence

    static func passed(_ scenario: String, _ step: String, _ detail: String, recordIds: [String] = [], seconds: Double? = nil) -> Check {
        Check(value: 1, evidence: ItemEvidence(scenario: scenario, step: step, outcome: "passed", detail: detail, recordIds: recordIds, seconds: seconds))
    }

    static func failed(_ scenario: String, _ step: String, _ outcome: String, _ detail: String, recordIds: [String] = [], severe: Bool = false) -> Check {
        Check(value: 0, severe: severe, evidence: ItemEvidence(scenario: scenario, step: step, outcome: outcome, detail: detail, recordIds: Array(recordIds.prefix(10)), seconds: nil))
    }

    /// A finding's evidence as a severe failure.
    static func severe(_ evidence: ItemEvidence) -> Check { Check(value: 0, severe: true, evidence: evidence) }

    var isFailure: Bool { (value ?? 1) < 1 }
}
