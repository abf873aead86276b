import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A run asked to stop early (SIGINT, SIGTERM, or a closed standard output,
/// recorded as SIGPIPE): no new scenario or connector starts, every
/// connector group gets SIGTERM and, after the grace period, SIGKILL. The
/// scenarios in flight end as their connectors die; the batch keeps only the
/// scenarios that finished before, and the report is marked interrupted.
public final class RunInterruption: Sendable {
    /// Signals are process-wide, and so is this.
    public static let shared = RunInterruption()

    private let requested = Mutex<Int32?>(nil)

    init() {}

    /// The signal that stopped the run, if any.
    public var signal: Int32? { requested.withLock { $0 } }

    public var isRequested: Bool { signal != nil }

    /// `SIGINT`, `SIGTERM`, `closed standard output`.
    public var reason: String? {
        signal.map { number in
            switch number {
            case SIGINT: "SIGINT"
            case SIGTERM: "SIGTERM"
            case SIGPIPE: "standard output closed"
            default: "signal \(number)"
            }
        }
    }

    /// The exit status a run stopped this way ends with (128 + the signal).
    public var exitCode: Int32? { signal.map { 128 + $0 } }

    /// Stops the run. A second request kills the connectors at once.
    public func request(signal number: Int32, graceSeconds: Double = 3) {
        let first = requested.withLock { current -> Bool in
            guard current == nil else { return false }
            current = number
            return true
        }
        ConnectorGroups.close()
        guard first else {
            ConnectorGroups.signalAll(SIGKILL)
            return
        }
        ConnectorGroups.signalAll(SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + graceSeconds) { ConnectorGroups.signalAll(SIGKILL) }
    }
}
