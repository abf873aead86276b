import FakeKit
import Synchronization

/// The registrations and direct opportunities by the customer they name —
/// normalised company name and web domain — so a new registration's
/// conflict check looks up its few candidates instead of scanning every
/// record (a 100,000-registration program checks in constant time).
///
/// Kept current from the journal: each write of a registration or direct
/// opportunity moves its keys. A bulk load journals one entry for all its
/// rows, so it only marks the index stale; the next lookup rebuilds it from
/// the store (the observer runs inside the store's lock and must not read it).
final class ConflictIndex: Sendable {
    static let objects: Set<String> = ["DealRegistration", "DirectOpportunity"]

    private struct Keys {
        var byName: [String: Set<String>] = [:]
        var byDomain: [String: Set<String>] = [:]
        var stale = true
    }

    private let keys = Mutex(Keys())

    /// The journal observer.
    func note(_ entry: JournalEntry) {
        guard Self.objects.contains(entry.object) else { return }
        keys.withLock { keys in
            guard entry.channel != "bulk-load", let id = entry.recordID else {
                keys.stale = true
                return
            }
            if let before = entry.before { Self.remove(id, before, from: &keys) }
            if let after = entry.after, entry.operation != .delete { Self.add(id, after, to: &keys) }
        }
    }

    /// Ids of the records that name this customer, by name or domain (unsorted).
    func candidates(name: String, domain: String?, store: RecordStore) -> Set<String> {
        if keys.withLock({ $0.stale }) {
            var rebuilt = Keys(stale: false)
            for object in Self.objects {
                for record in store.records(of: object) { Self.add(record.id, record.fields, to: &rebuilt) }
            }
            keys.withLock { $0 = rebuilt }
        }
        let name = CompanyName.normalised(name)
        let domain = domain.map(CompanyName.domain) ?? ""
        return keys.withLock { keys in
            (name.isEmpty ? [] : keys.byName[name] ?? []).union(domain.isEmpty ? [] : keys.byDomain[domain] ?? [])
        }
    }

    private static func keyPair(_ fields: [String: JSONValue]) -> (name: String, domain: String) {
        (CompanyName.normalised(fields["customerName"]?.stringValue ?? ""), CompanyName.domain(fields["customerDomain"]?.stringValue ?? ""))
    }

    private static func add(_ id: String, _ fields: [String: JSONValue], to keys: inout Keys) {
        let (name, domain) = keyPair(fields)
        if !name.isEmpty { keys.byName[name, default: []].insert(id) }
        if !domain.isEmpty { keys.byDomain[domain, default: []].insert(id) }
    }

    private static func remove(_ id: String, _ fields: [String: JSONValue], from keys: inout Keys) {
        let (name, domain) = keyPair(fields)
        keys.byName[name]?.remove(id)
        keys.byDomain[domain]?.remove(id)
    }
}
