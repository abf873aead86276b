/// Which simulated system a step acts on or looks at.
public enum Side: String, Sendable, Hashable, Codable, CaseIterable {
    case crm, prm
}
