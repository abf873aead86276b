import FakeKit

/// One step of a scenario, with where it was written (for messages).
public struct Step: Sendable {
    /// `steps[3]` or `setup[0]`.
    public var path: String
    /// The author's label, if any (`"note"`), shown in reports.
    public var note: String?
    /// For expectations and rollbacks: the checklist ids this check is
    /// evidence for (nil: every id the scenario names).
    public var checklist: [String]?
    public var kind: Kind

    public enum Kind: Sendable {
        case act(Act)
        /// A fault value from the fault layer, on one side; bound to a name for `clear`.
        case inject(side: SystemID, fault: FaultSpec, bind: String?)
        /// Clears the named fault, or every fault on the side (nil).
        case clear(side: SystemID, fault: String?)
        case checkpoint(String)
        case rollback(String)
        case expect(Expectation)
        case wait(seconds: Double)
        case restart
    }

    /// The step's kind as its key is written.
    public var keyword: String {
        switch kind {
        case .act: "act"
        case .inject: "inject"
        case .clear: "clear"
        case .checkpoint: "checkpoint"
        case .rollback: "rollback"
        case .expect: "expect"
        case .wait: "waitSeconds"
        case .restart: "restart"
        }
    }
}
