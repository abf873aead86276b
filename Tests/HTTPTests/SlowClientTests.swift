import Foundation
import Glibc
import Testing

@testable import HTTP

/// 300 connections that send one byte a second must not stop a normal
/// client from getting answers promptly: each connection parks only its own
/// thread.
@Suite(.tags(.socket)) struct SlowClientTests {
    @Test(.timeLimit(.minutes(2))) func dribblingClientsDoNotStarveOthers() throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 2048 {
            limit.rlim_cur = min(4096, limit.rlim_max)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        let server = try TestServer(handler: TestServer.echoRouter())
        let request = Array("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        var slow: [RawClient] = []
        for _ in 0..<300 { slow.append(try RawClient(port: server.port)) }

        var worst: Double = 0
        // Four rounds, a second apart: each slow client sends its next byte, then a normal client is timed.
        for round in 0..<4 {
            for client in slow { try client.send([request[round]]) }
            let start = Date()
            let normal = try RawClient(port: server.port, receiveTimeoutSeconds: 10)
            try normal.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let answer = normal.receive()
            worst = max(worst, Date().timeIntervalSince(start))
            #expect(answer.hasPrefix("HTTP/1.1 200 OK"))
            #expect(answer.hasSuffix("hello"))
            Thread.sleep(forTimeInterval: 1)
        }
        #expect(server.server.openConnections >= 300)
        // Generous for a loaded 2-core CI machine; a starved client waits out its 10 s timeout.
        #expect(worst < 3, "worst answer took \(worst) s")
    }
}
