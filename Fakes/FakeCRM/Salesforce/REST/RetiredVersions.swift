import Synchronization

/// The API versions the org no longer serves (a `retireVersions` fault):
/// every version below a threshold. Read on every versioned request, so an
/// atomic, not a lock; kept in tenths of a version (`40.0` → 400).
final class RetiredVersions: Sendable {
    private let belowTenths = Atomic<Int>(0)

    /// Retires every version below `version` (a later, lower threshold never un-retires one).
    func retire(below version: Double) {
        let tenths = Int((version * 10).rounded())
        var current = belowTenths.load(ordering: .relaxed)
        while current < tenths {
            let (exchanged, original) = belowTenths.compareExchange(expected: current, desired: tenths, ordering: .relaxed)
            if exchanged { break }
            current = original
        }
    }

    /// Whether any version is retired: while none is, requests need not parse theirs.
    var any: Bool { belowTenths.load(ordering: .relaxed) > 0 }

    func isRetired(_ version: String) -> Bool {
        guard let number = Double(version) else { return false }
        return Int((number * 10).rounded()) < belowTenths.load(ordering: .relaxed)
    }
}
