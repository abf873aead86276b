import FakeKit
import Foundation
import Synchronization

/// Server-side cursors for query results larger than one batch: the rest of
/// the rows, behind a locator like `01g8c00000AbCdE-2000` that
/// `nextRecordsUrl` names. Bounded, like Salesforce's per-user cursor limit,
/// and expired after 15 minutes without use.
final class QueryLocatorTable: Sendable {
    struct Cursor {
        let rows: [OrderedJSON]
        let totalSize: Int
        let batchSize: Int
        var lastUsed: Date
    }

    private let cursors = Mutex<[String: Cursor]>([:])
    private let counter = Atomic<Int>(0)
    static let maximumOpen = 50
    static let idleSeconds: TimeInterval = 15 * 60

    /// Stores rows and returns the locator id (without the position suffix).
    func open(rows: [OrderedJSON], totalSize: Int, batchSize: Int, now: Date) -> String {
        let number = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let id = SalesforceID.make(prefix: "01g", number: number).prefix(15)
        cursors.withLock { cursors in
            cursors = cursors.filter { now.timeIntervalSince($0.value.lastUsed) < Self.idleSeconds }
            if cursors.count >= Self.maximumOpen, let oldest = cursors.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
                cursors.removeValue(forKey: oldest)
            }
            cursors[String(id)] = Cursor(rows: rows, totalSize: totalSize, batchSize: batchSize, lastUsed: now)
        }
        return String(id)
    }

    /// The cursor behind `locator-position`, or nil if unknown or expired.
    func fetch(_ locator: String, now: Date) -> (Cursor, position: Int)? {
        let parts = locator.split(separator: "-")
        guard parts.count == 2, let position = Int(parts[1]) else { return nil }
        let id = String(parts[0])
        return cursors.withLock { cursors in
            guard var cursor = cursors[id], now.timeIntervalSince(cursor.lastUsed) < Self.idleSeconds,
                position >= 0, position <= cursor.rows.count
            else { return nil }
            cursor.lastUsed = now
            cursors[id] = cursor
            return (cursor, position)
        }
    }
}
