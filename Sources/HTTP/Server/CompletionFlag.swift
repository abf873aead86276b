import Synchronization

/// A one-way flag shared between threads: set once, read many times.
final class CompletionFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}
