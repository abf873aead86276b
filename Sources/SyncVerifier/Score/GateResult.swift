/// Whether a run passed the CI gate, and in one line why not.
public struct GateResult: Sendable, Codable, Hashable {
    public var passed: Bool
    public var minScore: Double?
    public var required: [String]
    public var reason: String
}
