import Dispatch
import Foundation
import SyncVerifier

/// SIGINT and SIGTERM during `run` and `check`: handled on a dispatch queue
/// (not in a signal handler), they stop the run through `RunInterruption`,
/// which stops every connector's process group; the command then writes its
/// report marked interrupted and exits 130 or 143. A second signal kills the
/// connectors without waiting for the grace period.
enum StopSignals {
    /// Keep the sources for as long as signals should be caught.
    static func install() -> [any DispatchSourceSignal] {
        // A closed standard output is an EPIPE to handle (StandardOutput), never a silent death.
        signal(SIGPIPE, SIG_IGN)
        return [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { RunInterruption.shared.request(signal: number) }
            source.resume()
            return source
        }
    }
}
