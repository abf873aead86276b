import Foundation
import HTTP
import Synchronization

/// The contract's control API on 127.0.0.1:`SV_CONTROL_PORT`. Requests that
/// change state are handed to the sync loop (which owns the clients) and
/// answered when it has done them.
final class ControlServer: Sendable {
    enum Command: Sendable {
        case syncNow
        case rollback(since: Date)
    }

    /// What the server's threads and the sync loop share.
    final class Board: Sendable {
        struct Content: Sendable {
            var history: [SyncOperation] = []
            var pending: [(Command, Int)] = []
            var answers: [Int: String] = [:]
            var nextTicket = 0
            var lastCycle: Date?
        }

        let content = Mutex(Content())
        let wake = DispatchSemaphore(value: 0)

        func submit(_ command: Command, wait: Bool) -> String? {
            let ticket = content.withLock { shared -> Int in
                shared.nextTicket += 1
                shared.pending.append((command, shared.nextTicket))
                return shared.nextTicket
            }
            wake.signal()
            guard wait else { return nil }
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if let answer = content.withLock({ $0.answers.removeValue(forKey: ticket) }) { return answer }
                usleep(20_000)
            }
            return nil
        }
    }

    let board = Board()
    private let server: HTTPServer?

    init(port: UInt16?) throws {
        guard let port else {
            server = nil
            return
        }
        var router = HTTPRouter()
        let board = self.board
        router.get("/health") { _ in
            let last = board.content.withLock { $0.lastCycle }
            let lastText: Any = last.map { ISO8601DateFormatter().string(from: $0) as Any } ?? NSNull()
            return .json(.ok, ["status": "ok", "lastSync": lastText])
        }
        router.get("/history") { _ in
            let history = board.content.withLock { $0.history }
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            return .json(.ok, data: (try? encoder.encode(history)) ?? Data("[]".utf8))
        }
        router.post("/sync") { _ in
            _ = board.submit(Command.syncNow, wait: false)
            return .json(HTTPStatus(202, "Accepted"), ["status": "sync requested"])
        }
        router.post("/rollback") { request in
            guard let body = JSONBody.decode(request.body) as? [String: Any], let text = body["since"] as? String,
                let since = Self.parseTime(text)
            else { return .json(.badRequest, ["error": "POST {\"since\": \"<ISO-8601>\"}"]) }
            let answer = board.submit(Command.rollback(since: since), wait: true)
            return .json(.ok, ["status": answer ?? "rollback still running"])
        }
        var configuration = HTTPServer.Configuration()
        configuration.port = port
        let server = try HTTPServer(configuration: configuration, handler: router)
        try server.start()
        self.server = server
    }

    static func parseTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// For the sync loop: commands waiting, taken off the queue.
    func takeCommands() -> [(Command, Int)] { board.content.withLock { shared in defer { shared.pending.removeAll() }; return shared.pending } }

    func answer(_ ticket: Int, _ text: String) { board.content.withLock { $0.answers[ticket] = text } }

    func record(_ operation: SyncOperation) { board.content.withLock { $0.history.append(operation) } }

    var history: [SyncOperation] { board.content.withLock { $0.history } }

    func cycleFinished() { board.content.withLock { $0.lastCycle = Date() } }

    /// Sleeps until the next cycle is due or a command arrives.
    func sleep(seconds: Double) { _ = board.wake.wait(timeout: .now() + seconds) }

    func stop() { server?.stop(gracePeriodSeconds: 0.5) }
}
