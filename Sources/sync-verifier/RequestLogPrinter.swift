import FakeKit
import Foundation
import Synchronization

/// `serve`'s request log on standard error, read from the fakes' own request
/// logs rather than from the handler's answer: what the client saw (a status,
/// or a connection reset, cut off or held open by a fault), and only the
/// connector's requests (admin calls are not in those logs).
final class RequestLogPrinter: Sendable {
    private let logs: [(label: String, log: RequestLog)]
    private let sink: @Sendable (String) -> Void
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(logs: [(String, RequestLog)], sink: @escaping @Sendable (String) -> Void) {
        self.logs = logs.map { (label: $0.0, log: $0.1) }
        self.sink = sink
    }

    /// Prints new entries every 100 ms on a thread of its own until `stop()`.
    func start() {
        let thread = Thread { [self] in
            var cursors = [Int](repeating: 0, count: logs.count)
            while true {
                let last = stopped.load(ordering: .acquiring)
                for (index, source) in logs.enumerated() {
                    // `POST /__admin/reset` empties a log and its numbering starts again.
                    if source.log.count == 0 { cursors[index] = 0 }
                    for entry in source.log.entries(after: cursors[index]) {
                        sink(Self.line(source.label, entry))
                        cursors[index] = max(cursors[index], entry.sequence)
                    }
                }
                if last { break }
                usleep(100_000)
            }
            done.signal()
        }
        thread.start()
    }

    /// Prints what is left, then returns.
    func stop() {
        stopped.store(true, ordering: .releasing)
        done.wait()
    }

    /// `[crm] GET /services/data/v59.0/query?q=… → 200`, `… → connection reset (outage:reset)`.
    static func line(_ label: String, _ entry: RequestLogEntry) -> String {
        let outcome: String = switch entry.connection {
        case "reset": "connection reset, no answer"
        case "closeMidBody": "\(entry.status.map { "\($0), " } ?? "")closed mid-body"
        case "holdOpen": "held open, then closed, no answer"
        default: entry.status.map(String.init) ?? "no answer"
        }
        let faults = entry.faults.isEmpty ? "" : " (\(entry.faults.joined(separator: ", ")))"
        let backoff = entry.sentDuringBackoff ? " [sent during back-off]" : ""
        return "[\(label)] \(entry.method) \(entry.path) → \(outcome)\(faults)\(backoff)"
    }
}
