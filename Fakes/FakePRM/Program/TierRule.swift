/// One tier of the partner program: what it takes to reach it and what it pays.
public struct TierRule: Codable, Sendable, Hashable {
    /// The tier's name (`Registered`, `Silver`, `Gold`, `Platinum`).
    public var name: String
    /// Higher ranks are better tiers; partners are promoted, never demoted, automatically.
    public var rank: Int
    /// Won revenue, in the program currency, needed to qualify.
    public var revenueThreshold: Double
    /// Certifications a partner must hold (any of its contacts) to qualify.
    public var requiredCertifications: [String]
    /// Commission paid on each won deal's confirmed amount, in percent.
    public var commissionPercent: Double
    /// Rebate accrued on each won deal's confirmed amount, in percent.
    public var rebatePercent: Double
}
