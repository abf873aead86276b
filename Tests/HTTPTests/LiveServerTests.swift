import Foundation
import Glibc
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@testable import HTTP

/// A real server on 127.0.0.1:0, hit by real clients: curl, Python requests,
/// Foundation's URLSession, and raw sockets where bytes must be exact.
@Suite(.serialized, .tags(.socket)) struct LiveServerTests {
    @Test(.enabled(if: commandExists("curl"))) func curlOverHTTP() throws {
        let server = try TestServer(handler: TestServer.echoRouter())
        let result = try runProcess(["curl", "-sS", "--data-binary", "payload", "\(server.baseURL)/echo"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == "payload")
    }

    @Test(.enabled(if: commandExists("curl"))) func curlOverHTTPSWithTheCAFile() throws {
        let server = try TestServer(tls: true, handler: TestServer.echoRouter())
        #expect(server.baseURL.hasPrefix("https://127.0.0.1:"))
        let result = try runProcess(["curl", "-sS", "--cacert", server.caBundlePath!, "\(server.baseURL)/items/7"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == #"{"id":"7"}"#)
        // localhost is in the certificate too.
        let byName = try runProcess(["curl", "-sS", "--cacert", server.caBundlePath!, "https://localhost:\(server.port)/hello"])
        #expect(byName.output == "hello", "\(byName.error)")
        // Without the CA the handshake is refused: the certificate is not trusted by default.
        let untrusted = try runProcess(["curl", "-sS", "--cacert", "/dev/null", "\(server.baseURL)/hello"])
        #expect(untrusted.status != 0)
    }

    @Test(.enabled(if: commandExists("curl"))) func curlExpectContinueAndKeepAlive() throws {
        let server = try TestServer(handler: TestServer.echoRouter())
        let result = try runProcess([
            "curl", "-sS", "-v", "-H", "Expect: 100-continue", "--data-binary", "abc", "\(server.baseURL)/echo",
            "--next", "\(server.baseURL)/hello",
        ])
        #expect(result.status == 0)
        #expect(result.output == "abchello")
        #expect(result.error.contains("HTTP/1.1 100 Continue"))
        #expect(result.error.contains("Re-using existing connection") || result.error.contains("Reusing existing"))
    }

    @Test(.enabled(if: commandExists("python3"))) func pythonRequestsOverHTTPS() throws {
        let server = try TestServer(tls: true, handler: TestServer.echoRouter())
        let script = """
            import requests, sys
            s = requests.Session()
            r = s.post(sys.argv[1] + "/echo", data=b"x" * 100000)
            assert r.status_code == 200 and len(r.content) == 100000, r.status_code
            r = s.get(sys.argv[1] + "/items/abc")
            print(r.json()["id"], r.reason)
            """
        let result = try runProcess(["python3", "-c", script, server.baseURL], environment: ["REQUESTS_CA_BUNDLE": server.caBundlePath!])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == "abc OK\n")
    }

    @Test(.enabled(if: commandExists("python3"))) func pythonRequestsSeesAResetConnection() throws {
        let server = try TestServer(handler: TestServer.echoRouter())
        let script = """
            import requests, sys
            try:
                requests.get(sys.argv[1] + "/reset", timeout=10)
                print("no error")
            except requests.exceptions.ConnectionError as e:
                print("ConnectionError")
            """
        let result = try runProcess(["python3", "-c", script, server.baseURL])
        #expect(result.output == "ConnectionError\n", "\(result.error)")
    }

    @Test func urlSessionOverHTTP() async throws {
        let server = try TestServer(handler: TestServer.echoRouter())
        var request = URLRequest(url: URL(string: "\(server.baseURL)/echo")!)
        request.httpMethod = "POST"
        request.httpBody = Data("from URLSession".utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self) == "from URLSession")
        let (json, _) = try await URLSession.shared.data(from: URL(string: "\(server.baseURL)/items/u")!)
        #expect(String(decoding: json, as: UTF8.self) == #"{"id":"u"}"#)
    }

    @Test(.enabled(if: commandExists("curl"))) func curlHeadGetsTheHeadWithoutABody() throws {
        let server = try TestServer(handler: TestServer.echoRouter())
        let result = try runProcess(["curl", "-sS", "-I", "\(server.baseURL)/hello"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(result.output.contains("Content-Length: 5\r\n"))
        #expect(!result.output.contains("hello"))
    }

    @Test(.enabled(if: commandExists("curl"))) func curlSeesATruncatedBody() throws {
        let server = try TestServer(handler: TestServer.echoRouter())
        let result = try runProcess(["curl", "-sS", "\(server.baseURL)/truncate"])
        // curl exit 18: "Partial file. Only a part of the file was transferred."
        #expect(result.status == 18, "\(result.status) \(result.error)")
        #expect(result.output == "AAAAAAAAAA")
    }

    @Test(.enabled(if: commandExists("python3"))) func pythonRequestsKeepsOneConnectionAlive() throws {
        let server = try TestServer(handler: TestServer.echoRouter())
        let script = """
            import requests, sys
            s = requests.Session()
            print(len({s.get(sys.argv[1] + "/peer").text for _ in range(20)}))
            """
        let result = try runProcess(["python3", "-c", script, server.baseURL])
        #expect(result.output == "1\n", "\(result.error)")
    }

    @Test(.enabled(if: commandExists("python3"))) func pythonRequestsSeesTheFaults() throws {
        let server = try TestServer(handler: TestServer.echoRouter())
        let script = """
            import requests, sys
            base = sys.argv[1]
            def outcome(path, **kw):
                try:
                    r = requests.get(base + path, **kw)
                    return "status %d" % r.status_code
                except requests.exceptions.RequestException as e:
                    return type(e).__name__
            print(outcome("/truncate", timeout=10))
            print(outcome("/hold-long", timeout=(10, 0.5)))
            print(outcome("/hold", timeout=10))
            """
        let result = try runProcess(["python3", "-c", script, server.baseURL])
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result.output) \(result.error)")
        // A body shorter than its Content-Length.
        #expect(lines.first == "ChunkedEncodingError" || lines.first == "ConnectionError", "\(lines)")
        // A held connection: the client's read timeout fires first…
        #expect(lines.dropFirst().first == "ReadTimeout", "\(lines)")
        // …or, with a patient client, the server closes without an answer.
        #expect(lines.last == "ConnectionError", "\(lines)")
    }

    @Test(.enabled(if: commandExists("python3"))) func pythonRequestsGets413ForAnOversizedBody() throws {
        let server = try TestServer(configure: { $0.limits.maxBodyBytes = 1_000_000 }, handler: TestServer.echoRouter())
        let script = """
            import requests, sys
            r = requests.post(sys.argv[1] + "/echo", data=b"x" * 3_000_000, timeout=30)
            print(r.status_code, r.reason)
            """
        let result = try runProcess(["python3", "-c", script, server.baseURL])
        #expect(result.output == "413 Content Too Large\n", "\(result.error)")
    }

    /// swift-corelibs-foundation on Linux takes no CA from the environment
    /// (`URLSessionCertificateAuthorityInfoFile` is read only on Android, see
    /// its EasyHandle.swift) and libcurl reads its compiled-in bundle path. So a
    /// child process runs in a private mount namespace where that path shows
    /// the test CA, and makes the request there; nothing outside it changes.
    @Test(.enabled(if: URLSessionChildProcess.isAvailable)) func urlSessionOverHTTPSTrustingTheTestCA() throws {
        let server = try TestServer(tls: true, handler: TestServer.echoRouter())
        let trusted = try URLSessionChildProcess.run(url: "\(server.baseURL)/items/tls", caBundle: server.caBundlePath)
        #expect(trusted.contains("URLSESSION-RESULT 200 {\"id\":\"tls\"}"), "\(trusted)")
        // The control: the same child without the CA refuses the certificate.
        let untrusted = try URLSessionChildProcess.run(url: "\(server.baseURL)/items/tls", caBundle: nil)
        #expect(untrusted.contains("URLSESSION-ERROR"), "\(untrusted)")
    }

    @Test func pipeliningOverTCP() throws {
        let server = try TestServer(handler: TestServer.echoRouter())
        let client = try RawClient(port: server.port)
        try client.send("GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: x\r\n\r\nGET /items/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let text = client.receive()
        let order = ["\"1\"", "\"2\"", "\"3\""].map { text.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order[0]! < order[1]! && order[1]! < order[2]!)
    }

    /// Three requests in three TLS records sent back to back: with OpenSSL's
    /// read-ahead the later records wait in OpenSSL's buffer, not the socket's,
    /// and must still be answered, in order.
    @Test(.enabled(if: commandExists("python3"))) func pipeliningOverTLSRecords() throws {
        let server = try TestServer(tls: true, handler: TestServer.echoRouter())
        let script = """
            import socket, ssl, sys
            context = ssl.create_default_context(cafile=sys.argv[2])
            s = context.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="127.0.0.1")
            for i in (1, 2, 3):
                s.send(b"GET /items/%d HTTP/1.1\\r\\nHost: x\\r\\n%s\\r\\n" % (i, b"Connection: close\\r\\n" if i == 3 else b""))
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            print(data.count(b"HTTP/1.1 200 OK"), data.index(b'"1"') < data.index(b'"2"') < data.index(b'"3"'))
            """
        let result = try runProcess(["python3", "-c", script, String(server.port), server.caBundlePath!])
        #expect(result.output == "3 True\n", "\(result.error)")
    }

    @Test func tlsClientHelloOnPlainPortIsClosedAtOnce() throws {
        let server = try TestServer(handler: TestServer.echoRouter())
        let client = try RawClient(port: server.port, receiveTimeoutSeconds: 5)
        // The first bytes of a TLS 1.2+ ClientHello record.
        try client.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03])
        let start = Date()
        let answer = client.receive()
        #expect(answer.hasPrefix("HTTP/1.1 400"))
        // Far below the 5 s receive timeout: answered without waiting for a line end.
        #expect(Date().timeIntervalSince(start) < 4, "closed without waiting for a line end")
    }

    @Test func plainHTTPOnTheTLSPortFailsCleanly() throws {
        let server = try TestServer(tls: true, handler: TestServer.echoRouter())
        let client = try RawClient(port: server.port, receiveTimeoutSeconds: 5)
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let answer = client.receive()
        #expect(!answer.contains("hello"))
        // The server keeps serving TLS clients afterwards.
        if commandExists("curl") {
            let result = try runProcess(["curl", "-sS", "--cacert", server.caBundlePath!, "\(server.baseURL)/hello"])
            #expect(result.output == "hello")
        }
    }

    @Test func idleConnectionsAreClosedAfterTheTimeout() throws {
        let server = try TestServer(configure: { $0.idleTimeoutSeconds = 0.3 }, handler: TestServer.echoRouter())
        let idle = try RawClient(port: server.port)
        #expect(idle.peerClosed())
        // A request started but not finished gets 408.
        let partial = try RawClient(port: server.port)
        try partial.send("GET /hello HTTP/1.1\r\n")
        #expect(partial.receive().hasPrefix("HTTP/1.1 408 Request Timeout"))
    }

    @Test func gracefulStopDrainsInFlightRequests() throws {
        let test = try TestServer(handler: TestServer.echoRouter())
        let busy = try RawClient(port: test.port)
        let idle = try RawClient(port: test.port)
        try busy.send("GET /sleep/400 HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(100_000)
        let server = test.server
        let stopper = Thread { server.stop(gracePeriodSeconds: 5) }
        stopper.start()
        let answer = busy.receive()
        #expect(answer.hasPrefix("HTTP/1.1 200 OK"))
        #expect(answer.contains("Connection: close"))
        #expect(answer.hasSuffix("slept"))
        #expect(idle.peerClosed())
        var spins = 0
        while test.server.openConnections > 0 && spins < 500 {
            usleep(10_000)
            spins += 1
        }
        #expect(test.server.openConnections == 0)
        #expect(throws: (any Error).self) { _ = try RawClient(port: test.port) }
    }

    @Test func truncatedBodyAndHeldOpenConnections() throws {
        let server = try TestServer(handler: TestServer.echoRouter())
        let truncated = try RawClient(port: server.port)
        try truncated.send("GET /truncate HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = truncated.receive()
        #expect(text.contains("Content-Length: 1000"))
        #expect(text.hasSuffix("\r\n\r\nAAAAAAAAAA"))
        let held = try RawClient(port: server.port)
        let start = Date()
        try held.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(held.receive().isEmpty)
        #expect(Date().timeIntervalSince(start) >= 0.29)
    }

    @Test func oversizedBodyIsRefusedWith413BeforeItIsSent() throws {
        let server = try TestServer(configure: { $0.limits.maxBodyBytes = 1000 }, handler: TestServer.echoRouter())
        let client = try RawClient(port: server.port)
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n")
        #expect(client.receive().hasPrefix("HTTP/1.1 413 Content Too Large"))
    }

    @Test func tooManyConnectionsAre503() throws {
        let server = try TestServer(configure: { $0.maxConnections = 2 }, handler: TestServer.echoRouter())
        let a = try RawClient(port: server.port)
        let b = try RawClient(port: server.port)
        try a.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        try b.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = a.receive(until: "hello")
        _ = b.receive(until: "hello")
        let c = try RawClient(port: server.port)
        #expect(c.receive().hasPrefix("HTTP/1.1 503"))
    }
}
