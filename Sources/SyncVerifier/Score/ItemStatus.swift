/// A checklist item's verdict in one run.
public enum ItemStatus: String, Sendable, Codable, Hashable, CaseIterable {
    case pass, partial, fail
    /// The connector declares or shows no such capability.
    case unsupported
    /// No scenario in the run gave evidence for it. Never a pass.
    case notRun = "not-run"
}
