import Foundation
import Glibc
import Testing

@testable import HTTP

/// A connection driven over socketpair(2): the whole read–decode–handle–write
/// loop with no listener and no TCP.
@Suite(.tags(.socket)) struct HTTPConnectionTests {
    /// Serves one connection on a background thread; returns the client end.
    static func connect(_ handler: any HTTPHandler, limits: HTTPLimits = HTTPLimits()) -> (client: Int32, done: CompletionFlag) {
        var fds: [Int32] = [0, 0]
        socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds)
        Socket.setTimeout(fds[0], SO_RCVTIMEO, seconds: 10)
        let serverFD = fds[1]
        let done = CompletionFlag()
        let registry = ConnectionRegistry()
        let handle = registry.register(fd: serverFD, limit: 10)!
        Thread {
            HTTPConnection(stream: PlainStream(fd: serverFD), handler: handler, limits: limits, info: .init(), registry: registry, handle: handle).run()
            done.set()
        }.start()
        return (fds[0], done)
    }

    /// Waits up to 5 s for the connection's thread to finish.
    static func waitForEnd(_ done: CompletionFlag) {
        var spins = 0
        while !done.isSet && spins < 500 {
            usleep(10_000)
            spins += 1
        }
    }

    static func exchange(_ client: Int32, _ text: String, until marker: String) -> String {
        _ = Array(text.utf8).withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) }
        var collected = ""
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !collected.contains(marker) {
            let n = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            collected += String(decoding: chunk[0..<n], as: UTF8.self)
        }
        return collected
    }

    @Test func keepAliveServesSeveralRequestsInOrder() {
        let (client, done) = Self.connect(TestServer.echoRouter())
        defer { close(client) }
        let first = Self.exchange(client, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", until: "hello")
        #expect(first.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(first.contains("Content-Length: 5\r\n"))
        let pipelined = Self.exchange(
            client, "GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            until: "\"2\"")
        #expect(pipelined.range(of: "\"1\"")!.lowerBound < pipelined.range(of: "\"2\"")!.lowerBound)
        #expect(pipelined.contains("Connection: close"))
        Self.waitForEnd(done)
        #expect(done.isSet, "the connection ends after Connection: close")
    }

    @Test func framingErrorAnswers400AndCloses() {
        let (client, done) = Self.connect(TestServer.echoRouter())
        defer { close(client) }
        let answer = Self.exchange(client, "GET / HTTP/1.1\r\nHost : x\r\n\r\n", until: "\r\n\r\n")
        #expect(answer.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(answer.contains("Connection: close"))
        Self.waitForEnd(done)
        #expect(done.isSet)
    }

    @Test func headResponseHasLengthButNoBody() {
        let (client, _) = Self.connect(TestServer.echoRouter())
        defer { close(client) }
        let answer = Self.exchange(client, "HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n", until: "hello")
        // The HEAD answer carries GET's Content-Length, then the GET answer follows directly.
        let parts = answer.components(separatedBy: "HTTP/1.1 200 OK")
        #expect(parts.count == 3)
        #expect(parts[1].contains("Content-Length: 5") && parts[1].hasSuffix("\r\n\r\n"))
    }

    @Test func expectContinueGetsInterimResponse() {
        let (client, _) = Self.connect(TestServer.echoRouter())
        defer { close(client) }
        let interim = Self.exchange(client, "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n", until: "\r\n\r\n")
        #expect(interim == "HTTP/1.1 100 Continue\r\n\r\n")
        let final = Self.exchange(client, "ping", until: "ping")
        #expect(final.hasPrefix("HTTP/1.1 200 OK"))
    }

    @Test func http10WithoutKeepAliveCloses() {
        let (client, done) = Self.connect(TestServer.echoRouter())
        defer { close(client) }
        let answer = Self.exchange(client, "GET /hello HTTP/1.0\r\n\r\n", until: "hello")
        #expect(answer.contains("Connection: close"))
        Self.waitForEnd(done)
        #expect(done.isSet)
    }
}
