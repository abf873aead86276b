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
    private let last: Mutex<Date>

    /// A clock that follows the system's wall clock.
    public init() {
        mode = .system
        last = Mutex(.distantPast)
    }

    /// A clock that stays at `start` until `advance(by:)`.
    public init(manualStart start: Date) {
        mode = .manual
        last = Mutex(start)
    }

    public func now() -> Date {
        last.withLock { last in
            guard mode == .system else { return last }
            var reading = Date()
            if reading <= last { reading = last.addingTimeInterval(0.000_001) }
            last = reading
            return reading
        }
    }

    /// Moves a manual clock forward.
    public func advance(by seconds: TimeInterval) {
        precondition(mode == .manual, "only a manual clock can be advanced")
        precondition(seconds >= 0, "a clock never goes backwards")
        last.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
