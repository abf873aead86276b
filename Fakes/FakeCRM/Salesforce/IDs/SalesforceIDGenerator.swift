import FakeKit
import Synchronization

/// Generates 18-character ids with each object's key prefix, from one counter
/// per org so ids never repeat across objects.
public final class SalesforceIDGenerator: RecordIDGenerator {
    private let counter: Mutex<Int>

    public init(start: Int = 1) { counter = Mutex(start - 1) }

    public func newID(for object: ObjectDefinition) -> String {
        let number = counter.withLock { value -> Int in
            value += 1
            return value
        }
        return SalesforceID.make(prefix: object.keyPrefix, number: number)
    }
}
