import FakeKit
import Foundation
import Synchronization

/// The PRM's API keys by the name the journal knows them by (`connector`,
/// `staff`). Auth faults rotate or revoke a key while the fake runs; a
/// lookup is one short lock per API request.
final class APIKeyRing: Sendable {
    private let keys: Mutex<[String: String]>

    /// - Parameter keys: key → name.
    init(_ keys: [String: String]) { self.keys = Mutex(keys) }

    /// The name of a valid key.
    func name(forKey key: String) -> String? { keys.withLock { $0[key] } }

    func key(named name: String) -> String? { keys.withLock { $0.first { $0.value == name }?.key } }

    /// A new key for `name`; the old one stops working. Nil when there is no key of that name.
    func rotate(name: String) -> String? {
        keys.withLock { keys in
            guard let old = keys.first(where: { $0.value == name })?.key else { return nil }
            let new = "prm_" + RandomToken.make(32)
            keys[old] = nil
            keys[new] = name
            return new
        }
    }

    /// The key named `name` stops working. Returns false when there is none.
    func revoke(name: String) -> Bool {
        keys.withLock { keys in
            guard let old = keys.first(where: { $0.value == name })?.key else { return false }
            keys[old] = nil
            return true
        }
    }
}
