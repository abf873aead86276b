/// The run's measurements, computed from the journals, alerts and request
/// logs, never from what the connector says about itself.
public struct Metrics: Sendable, Codable, Hashable {
    public var fieldCoverage: FieldCoverage
    public var lag: Distribution
    public var alerts: AlertMetrics
    public var rollback: RollbackMetrics
    public var throttling: ThrottlingMetrics
    public var integrity: IntegrityMetrics

    /// Sentinel values traced from source records to the other side, by field type.
    public struct FieldCoverage: Sendable, Codable, Hashable {
        public var byType: [String: TypeCoverage]
        public var traced: Int
        public var arrived: Int
        public var intact: Int
        /// intact / traced (0 when nothing was traced).
        public var share: Double
    }

    public struct TypeCoverage: Sendable, Codable, Hashable {
        public var traced: Int
        /// Found on the other side in some form.
        public var arrived: Int
        /// Found with the same value and type (same instant for date-times, same set for multi-selects).
        public var intact: Int
        /// Examples of values that arrived altered: `sent → found`.
        public var altered: [String]
    }

    /// Seconds, over the samples.
    public struct Distribution: Sendable, Codable, Hashable {
        public var count: Int
        public var p50: Double?
        public var p95: Double?
        public var max: Double?
        public var samples: [Double]

        public init(_ values: [Double]) {
            let sorted = values.sorted()
            count = sorted.count
            samples = sorted
            func quantile(_ q: Double) -> Double? {
                guard !sorted.isEmpty else { return nil }
                return sorted[Swift.min(sorted.count - 1, Int((q * Double(sorted.count - 1)).rounded()))]
            }
            p50 = quantile(0.5)
            p95 = quantile(0.95)
            max = sorted.last
        }
    }

    public struct AlertMetrics: Sendable, Codable, Hashable {
        /// `alert` expectations: failures the scenarios injected that must be reported.
        public var expected: Int
        public var raised: Int
        /// raised / expected (nil when none expected).
        public var recall: Double?
        public var latency: Distribution
        /// Alerts received in scenarios where nothing was injected or expected to fail.
        public var falseAlerts: Int
    }

    public struct RollbackMetrics: Sendable, Codable, Hashable {
        public var requested: Int
        public var restored: Int
        public var missed: Int
        public var collateral: Int
        public var unsupported: Int
    }

    public struct ThrottlingMetrics: Sendable, Codable, Hashable {
        public var requests: Int
        /// Requests a fault answered (throttled, failed) instead of the fake.
        public var faulted: Int
        /// Requests sent while the client had been told to back off.
        public var sentDuringBackoff: Int
        /// Connector requests per record it wrote.
        public var callsPerSyncedRecord: Double?
        /// Share of the connector's CRM writes that went through batch (composite) endpoints.
        public var batchShare: Double?
    }

    public struct IntegrityMetrics: Sendable, Codable, Hashable {
        /// `record` expectations that never found their record.
        public var lost: Int
        /// Target records that carry the same source id as another (two opportunities for one registration).
        public var duplicated: Int
        /// Connector writes that changed nothing or undid its own previous write with no one else acting: ping-pong.
        public var echoed: Int
        /// Won deal registrations and how many commission bookings each got (should be exactly 1).
        public var wonDeals: Int
        public var wonDealsNotBookedOnce: Int
        /// Writes by credentials other than the connector's, the harness's and the scenario's people.
        public var foreignWrites: Int
    }
}
