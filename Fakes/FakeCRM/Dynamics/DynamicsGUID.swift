import FakeKit
import Synchronization

/// Dataverse row ids and the tenant's ids: GUIDs in their usual lower-case
/// `8-4-4-4-12` form, made from a namespace, a kind and a counter so a run
/// repeats and two orgs in one world never share an id.
enum DynamicsGUID {
    static func make(namespace: Int, kind: UInt8, counter: Int) -> String {
        func hex(_ value: Int, _ width: Int) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(hex(counter & 0xFFFF_FFFF, 8))-\(hex(Int(kind), 4))-4\(hex(namespace & 0xFFF, 3))-8\(hex((counter >> 32) & 0xFFF, 3))-\(hex(0x5e5e_0000_0000 + counter & 0xFFFF_FFFF_FFFF, 12))"
    }
}

/// The store's ids for new rows: one sequence per org.
final class DynamicsIDGenerator: RecordIDGenerator {
    private let next = Mutex(1)
    let namespace: Int

    init(namespace: Int) { self.namespace = namespace }

    func newID(for object: ObjectDefinition) -> String {
        let counter = next.withLock { value in
            defer { value += 1 }
            return value
        }
        return DynamicsGUID.make(namespace: namespace, kind: 0xD0, counter: counter)
    }
}
