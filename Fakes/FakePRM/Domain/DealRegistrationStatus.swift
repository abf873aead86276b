/// The life of a deal registration: submitted, then approved or rejected;
/// an approved one is won or lost, or expires.
public enum DealRegistrationStatus: String, CaseIterable, Sendable {
    case submitted, approved, rejected, won, lost, expired

    /// Where a registration may go from here.
    public var next: Set<DealRegistrationStatus> {
        switch self {
        case .submitted: [.approved, .rejected, .expired]
        case .approved: [.won, .lost, .expired]
        // A won deal may be re-confirmed with a corrected amount (an adjustment), never reopened.
        case .won: [.won]
        case .rejected, .lost, .expired: []
        }
    }

    /// Open registrations take part in conflict detection.
    public var isOpen: Bool { self == .submitted || self == .approved }
}
