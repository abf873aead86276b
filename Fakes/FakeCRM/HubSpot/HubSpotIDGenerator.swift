import FakeKit
import Synchronization

/// HubSpot record ids: decimal numbers, one sequence for the whole portal
/// (a contact and a company never share an id), starting in a range of the
/// portal's own so two portals in one world never mint the same id.
final class HubSpotIDGenerator: RecordIDGenerator {
    private let next: Mutex<Int>

    /// - Parameter namespace: the system's id namespace (0, 1, …).
    init(namespace: Int) { next = Mutex(10_000_000_000 * (namespace + 1) + 1) }

    func newID(for object: ObjectDefinition) -> String {
        String(next.withLock { value in
            defer { value += 1 }
            return value
        })
    }
}
