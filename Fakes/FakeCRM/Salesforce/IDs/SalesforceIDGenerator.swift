import FakeKit
import Synchronization

/// Generates 18-character ids with each object's key prefix, from one counter
/// per org so ids never repeat across objects, and with the org's instance
/// characters so two orgs in one world never mint the same id.
public final class SalesforceIDGenerator: RecordIDGenerator {
    private let counter: Mutex<Int>
    private let instance: SalesforceInstance

    public init(start: Int = 1, instance: SalesforceInstance = .first) {
        counter = Mutex(start - 1)
        self.instance = instance
    }

    public func newID(for object: ObjectDefinition) -> String {
        let number = counter.withLock { value -> Int in
            value += 1
            return value
        }
        return SalesforceID.make(prefix: object.keyPrefix, number: number, instance: instance)
    }
}
