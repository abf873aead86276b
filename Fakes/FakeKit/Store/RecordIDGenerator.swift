import Synchronization

/// Makes ids for new records. Each dialect has its own scheme (Salesforce's
/// 18-character ids with key prefixes; the PRM's readable `dr_…` ids).
public protocol RecordIDGenerator: Sendable {
    func newID(for object: ObjectDefinition) -> String
}

/// `prefix_000001`-style ids from a counter, for the PRM and for tests.
public final class SequentialIDGenerator: RecordIDGenerator {
    private let counter = Mutex(0)
    public init() {}
    public func newID(for object: ObjectDefinition) -> String {
        let n = counter.withLock { value -> Int in
            value += 1
            return value
        }
        let digits = String(n)
        return object.keyPrefix + "_" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
