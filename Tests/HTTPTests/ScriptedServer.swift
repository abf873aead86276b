import Foundation
import Glibc
import Synchronization

@testable import HTTP

/// A loopback server that answers with exact bytes a test scripts, for
/// client behaviour our own server never provokes (chunked responses, interim
/// 1xx, closing mid-body, never answering).
final class ScriptedServer: Sendable {
    enum Reply: Sendable {
        /// Write these bytes; close afterwards if asked.
        case bytes(String, thenClose: Bool)
        /// Close the connection without a byte of answer.
        case close
        /// Never answer; keep the connection open until the server stops.
        case silence
    }

    /// One request as the server read it.
    struct Received: Sendable {
        let connection: Int
        let head: String
        let body: String
    }

    let port: UInt16
    private let listenFD: Int32
    private let script: @Sendable (_ connection: Int, _ request: Int, _ head: String) -> Reply
    private let state = Mutex<(received: [Received], connections: Int, stopped: Bool)>(([], 0, false))

    init(script: @escaping @Sendable (_ connection: Int, _ request: Int, _ head: String) -> Reply) throws {
        self.script = script
        (listenFD, port) = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 16)
        let fd = listenFD
        Thread { [self] in
            while let (client, _) = try? Socket.accept(fd) {
                let index = state.withLock { state in
                    state.connections += 1
                    return state.connections - 1
                }
                Thread { self.serve(client, index) }.start()
            }
        }.start()
    }

    deinit { stop() }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var received: [Received] { state.withLock { $0.received } }
    var connectionCount: Int { state.withLock { $0.connections } }

    func stop() {
        guard !state.withLock({ state in defer { state.stopped = true }; return state.stopped }) else { return }
        shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func serve(_ fd: Int32, _ connection: Int) {
        defer { close(fd) }
        Socket.setTimeout(fd, SO_RCVTIMEO, seconds: 0.2)
        var pending: [UInt8] = []
        var requestIndex = 0
        while !isStopped {
            guard let (head, body) = readRequest(fd, &pending) else { return }
            state.withLock { $0.received.append(Received(connection: connection, head: head, body: body)) }
            switch script(connection, requestIndex, head) {
            case .bytes(let text, let thenClose):
                _ = Array(text.utf8).withUnsafeBytes { try? Socket.sendAll(fd, $0) }
                if thenClose { return }
            case .close:
                return
            case .silence:
                while !isStopped { usleep(20_000) }
                return
            }
            requestIndex += 1
        }
    }

    /// Reads one request head and its Content-Length body; nil at close or stop.
    private func readRequest(_ fd: Int32, _ pending: inout [UInt8]) -> (String, String)? {
        let separator = Array("\r\n\r\n".utf8)
        var chunk = [UInt8](repeating: 0, count: 65536)
        func more() -> Bool {
            while !isStopped {
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n > 0 {
                    pending += chunk[0..<n]
                    return true
                }
                if n == 0 || (errno != EAGAIN && errno != EINTR) { return false }
            }
            return false
        }
        var headEnd: Int?
        while headEnd == nil {
            headEnd = pending.indices.dropLast(3).first { Array(pending[$0..<$0 + 4]) == separator }
            if headEnd == nil, !more() { return nil }
        }
        let head = String(decoding: pending[..<headEnd!], as: UTF8.self)
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        pending.removeFirst(headEnd! + 4)
        while pending.count < length { if !more() { return nil } }
        let body = String(decoding: pending[..<length], as: UTF8.self)
        pending.removeFirst(length)
        return (head, body)
    }
}
