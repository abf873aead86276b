/// A status with the moves allowed from it: deal registrations and MDF
/// requests share one way of checking a requested change.
protocol StatusMachine: RawRepresentable<String>, CaseIterable, Hashable, Sendable {
    var next: Set<Self> { get }
}

extension DealRegistrationStatus: StatusMachine {}
extension MDFStatus: StatusMachine {}
