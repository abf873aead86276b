import Foundation
import Synchronization

/// The append-only record of every write to one fake. The runner and the
/// scorer read it in process; nothing ever edits or removes an entry.
public final class Journal: Sendable {
    public let system: String
    public let clock: JournalClock
    private let entries = Mutex<[JournalEntry]>([])
    private let observers = Mutex<[@Sendable (JournalEntry) -> Void]>([])

    public init(system: String, clock: JournalClock) {
        self.system = system
        self.clock = clock
    }

    /// Appends one entry stamped with the next sequence number and the clock's time.
    @discardableResult
    public func append(
        actor: String, operation: JournalEntry.Operation, object: String, recordID: String?,
        before: [String: JSONValue]?, after: [String: JSONValue]?, channel: String
    ) -> JournalEntry {
        let entry = entries.withLock { entries in
            // Stamped under the lock so sequence order and time order agree.
            let entry = JournalEntry(
                sequence: entries.count + 1, time: clock.now(), system: system, actor: actor, operation: operation,
                object: object, recordID: recordID, before: before, after: after, channel: channel)
            entries.append(entry)
            return entry
        }
        for observer in observers.withLock({ $0 }) { observer(entry) }
        return entry
    }

    /// Calls `observer` after every append (webhooks, live views). It runs on
    /// the writer's thread, often inside the store's lock: it must only
    /// queue work, never block or write to the store.
    public func observe(_ observer: @escaping @Sendable (JournalEntry) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    public var count: Int { entries.withLock { $0.count } }

    /// Every entry, in order.
    public var all: [JournalEntry] { entries.withLock { $0 } }

    /// Entries with a sequence number greater than `sequence`.
    public func entries(after sequence: Int) -> [JournalEntry] {
        entries.withLock { Array($0.dropFirst(max(0, sequence))) }
    }
}
