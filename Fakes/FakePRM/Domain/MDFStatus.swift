/// The life of a market-development-fund request.
public enum MDFStatus: String, CaseIterable, Sendable {
    case submitted, approved, rejected, claimed, paid

    public var next: Set<MDFStatus> {
        switch self {
        case .submitted: [.approved, .rejected]
        case .approved: [.claimed]
        case .claimed: [.paid]
        case .rejected, .paid: []
        }
    }
}
