import Foundation
import Synchronization

/// The one clock every fake and the runner of a world read, so that times in
/// the CRM's journal, the PRM's journal and the alert sink compare directly
/// (sync lag is a difference of two journal times).
///
/// It never goes backwards: readings are wall-clock time with microsecond
/// resolution, lifted by a microsecond past the previous reading if the
/// system clock stepped back. A manual clock, for tests, moves only when told.
public final class JournalClock: Sendable {
    private enum Mode { case system, manual }
    private let mode: Mode
    /// The manual clock's time.
    private let manual: Mutex<Date>
    /// The system clock's last reading, in microseconds since 1970. An atomic,
    /// not a lock: every request to a fake reads the clock (the request log),
    /// and a contended lock is a priority-inheritance futex on Linux.
    private let lastMicroseconds = Atomic<Int64>(.min)

    /// A clock that follows the system's wall clock.
    public init() {
        mode = .system
        manual = Mutex(.distantPast)
    }

    /// A clock that stays at `start` until `advance(by:)`.
    public init(manualStart start: Date) {
        mode = .manual
        manual = Mutex(start)
    }

    public func now() -> Date {
        guard mode == .system else { return manual.withLock { $0 } }
        let reading = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
        var previous = lastMicroseconds.load(ordering: .relaxed)
        while true {
            let next = reading > previous ? reading : previous + 1
            let (exchanged, original) = lastMicroseconds.compareExchange(expected: previous, desired: next, ordering: .relaxed)
            if exchanged { return Date(timeIntervalSince1970: Double(next) / 1_000_000) }
            previous = original
        }
    }

    /// Moves a manual clock forward.
    public func advance(by seconds: TimeInterval) {
        precondition(mode == .manual, "only a manual clock can be advanced")
        precondition(seconds >= 0, "a clock never goes backwards")
        manual.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
