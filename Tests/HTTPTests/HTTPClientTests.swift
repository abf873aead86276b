import Foundation
import Glibc
import Testing

@testable import HTTP

/// The blocking client against our own server and against a scripted server
/// that sends the exact bytes a case needs.
@Suite(.tags(.socket)) struct HTTPClientTests {
    static func clientTestRouter() -> HTTPRouter {
        var router = TestServer.echoRouter()
        router.get("/no-content") { _ in HTTPResponse(status: .noContent) }
        router.post("/length") { request in .text(.created, "\(request.body.count) \(request.headers["Content-Length"] ?? "none")") }
        router.get("/headers") { request in .text(.ok, request.headers.description) }
        return router
    }

    // MARK: against our server

    @Test func getAndPostAgainstOurServer() throws {
        let server = try TestServer(handler: Self.clientTestRouter())
        let client = HTTPClient()
        let hello = try client.get("\(server.baseURL)/hello")
        #expect(hello.status == .ok)
        #expect(hello.status.reasonPhrase == "OK")
        #expect(hello.text == "hello")
        #expect(hello.headers["Content-Type"] == "text/plain; charset=utf-8")
        let echoed = try client.post("\(server.baseURL)/echo", body: Data("payload".utf8))
        #expect(echoed.text == "payload")
        let json = try client.postJSON("\(server.baseURL)/echo", ["a": 1])
        #expect(try (json.json() as? [String: Int]) == ["a": 1])
        let missing = try client.get("\(server.baseURL)/nope")
        #expect(missing.status.code == 404, "a 404 is a response, not an error")
    }

    @Test func emptyPostSaysContentLengthZero() throws {
        let server = try TestServer(handler: Self.clientTestRouter())
        let response = try HTTPClient().post("\(server.baseURL)/length", body: Data())
        #expect(response.status.code == 201)
        #expect(response.text == "0 0")
    }

    @Test func keepAliveReusesOneConnection() throws {
        let server = try TestServer(handler: Self.clientTestRouter())
        let client = HTTPClient()
        let peers = try (0..<5).map { _ in try client.get("\(server.baseURL)/peer").text }
        #expect(Set(peers).count == 1, "all five requests came from one client port: \(peers)")
        #expect(client.idleConnectionCount == 1)
        client.closeIdleConnections()
        #expect(client.idleConnectionCount == 0)
        #expect(try client.get("\(server.baseURL)/peer").text != peers[0])
    }

    @Test func connectionCloseIsHonouredBothWays() throws {
        let server = try TestServer(handler: Self.clientTestRouter())
        let client = HTTPClient()
        _ = try client.get("\(server.baseURL)/hello", headers: ["Connection": "close"])
        #expect(client.idleConnectionCount == 0)
        var noReuse = HTTPClient.Configuration()
        noReuse.maxIdleConnectionsPerEndpoint = 0
        let single = HTTPClient(configuration: noReuse)
        _ = try single.get("\(server.baseURL)/hello")
        #expect(single.idleConnectionCount == 0)
    }

    @Test func aPooledConnectionTheServerClosedIsNotUsed() throws {
        let server = try TestServer(configure: { $0.idleTimeoutSeconds = 0.2 }, handler: Self.clientTestRouter())
        let client = HTTPClient()
        let first = try client.get("\(server.baseURL)/peer").text
        // Long after the server's idle timeout closed the pooled connection.
        Thread.sleep(forTimeInterval: 0.8)
        let second = try client.post("\(server.baseURL)/echo", body: Data("again".utf8))
        #expect(second.text == "again")
        #expect(try client.get("\(server.baseURL)/peer").text != first)
    }

    @Test func headAnd204HaveNoBodyAndKeepTheConnection() throws {
        let server = try TestServer(handler: Self.clientTestRouter())
        let client = HTTPClient()
        let head = try client.send(.head, "\(server.baseURL)/hello")
        #expect(head.headers["Content-Length"] == "5")
        #expect(head.body.isEmpty)
        let empty = try client.get("\(server.baseURL)/no-content")
        #expect(empty.status.code == 204)
        #expect(try client.get("\(server.baseURL)/hello").text == "hello")
        #expect(client.idleConnectionCount == 1)
    }

    @Test func localhostAndQueryStringsAreSentAsGiven() throws {
        let server = try TestServer(handler: Self.clientTestRouter())
        let response = try HTTPClient().get("http://localhost:\(server.port)/items/a%2Fb?x=1", headers: ["X-Trace": "t-1"])
        #expect(response.text == #"{"id":"a/b"}"#)
        let headers = try HTTPClient().get("\(server.baseURL)/headers", headers: ["X-Trace": "t-1"]).text
        #expect(headers.contains("Host: 127.0.0.1:\(server.port)"))
        #expect(headers.contains("X-Trace: t-1"))
        #expect(headers.contains("User-Agent: sync-verifier"))
    }

    // MARK: scripted responses

    @Test func chunkedResponseWithExtensionsAndTrailers() throws {
        let scripted = try ScriptedServer { _, _, _ in
            .bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;name=\"a, b\"\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Checksum: 1\r\n\r\n", thenClose: false)
        }
        defer { scripted.stop() }
        let client = HTTPClient()
        #expect(try client.get("\(scripted.baseURL)/").text == "Wikipedia")
        #expect(try client.get("\(scripted.baseURL)/").text == "Wikipedia")
        #expect(scripted.connectionCount == 1, "a chunked response leaves the connection reusable")
    }

    @Test func interimResponsesAreSkipped() throws {
        let scripted = try ScriptedServer { _, _, _ in
            .bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok", thenClose: false)
        }
        defer { scripted.stop() }
        let response = try HTTPClient().post("\(scripted.baseURL)/", body: Data("x".utf8))
        #expect(response.status == HTTPStatus(202))
        #expect(response.text == "ok")
    }

    @Test func bodyWithoutFramingRunsToTheClose() throws {
        let scripted = try ScriptedServer { _, _, _ in .bytes("HTTP/1.0 200 Fine\r\nContent-Type: text/plain\r\n\r\nall of it", thenClose: true) }
        defer { scripted.stop() }
        let client = HTTPClient()
        let response = try client.get("\(scripted.baseURL)/")
        #expect(response.text == "all of it")
        #expect(response.status.reasonPhrase == "Fine")
        #expect(response.version == .http10)
        #expect(client.idleConnectionCount == 0)
    }

    @Test func closingMidBodyIsAnError() throws {
        let scripted = try ScriptedServer { _, _, _ in .bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this", thenClose: true) }
        defer { scripted.stop() }
        #expect(throws: HTTPClientError.self) { try HTTPClient().get("\(scripted.baseURL)/") }
        do {
            _ = try HTTPClient().get("\(scripted.baseURL)/")
        } catch {
            #expect(error.kind == .connectionClosed)
            #expect(error.message.contains("9 of 100"))
        }
    }

    @Test(arguments: [
        ("not HTTP", "SSH-2.0-OpenSSH_9.2\r\n\r\n"),
        ("bad status code", "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"),
        ("HTTP/2 status line", "HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n"),
        ("conflicting lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
        ("space before colon", "HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n"),
        ("bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
    ])
    func malformedResponsesAreRefused(name: String, reply: String) throws {
        let scripted = try ScriptedServer { _, _, _ in .bytes(reply, thenClose: true) }
        defer { scripted.stop() }
        do {
            let response = try HTTPClient().get("\(scripted.baseURL)/")
            Issue.record("\(name): accepted \(response.status)")
        } catch {
            #expect(error.kind == .malformedResponse, "\(name): \(error)")
        }
    }

    @Test func aServerThatNeverAnswersTimesOut() throws {
        let scripted = try ScriptedServer { _, _, _ in .silence }
        defer { scripted.stop() }
        let start = ContinuousClock.now
        do {
            _ = try HTTPClient().get("\(scripted.baseURL)/", timeoutSeconds: 0.5)
            Issue.record("expected a timeout")
        } catch {
            #expect(error.kind == .timedOut)
        }
        // Generous upper bound: the point is that it stops by itself.
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func responseOverTheCapIsRefused() throws {
        let scripted = try ScriptedServer { _, _, _ in .bytes("HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n", thenClose: true) }
        defer { scripted.stop() }
        var configuration = HTTPClient.Configuration()
        configuration.maxResponseBodyBytes = 1000
        do {
            _ = try HTTPClient(configuration: configuration).get("\(scripted.baseURL)/")
            Issue.record("expected responseTooLarge")
        } catch {
            #expect(error.kind == .responseTooLarge)
        }
    }

    /// The server drops the keep-alive connection when the second request
    /// arrives: a GET is retried on a fresh connection; a POST is not sent
    /// twice, because the server might have acted on it.
    @Test func droppedReusedConnectionRetriesOnlyWhatIsSafe() throws {
        let scripted = try ScriptedServer { _, request, _ in
            request == 0 ? .bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", thenClose: false) : .close
        }
        defer { scripted.stop() }
        let client = HTTPClient()
        #expect(try client.get("\(scripted.baseURL)/a").text == "ok")
        #expect(try client.get("\(scripted.baseURL)/b").text == "ok")
        #expect(scripted.connectionCount == 2)
        #expect(scripted.received.filter { $0.head.hasPrefix("GET /b ") }.count == 2, "sent on the dropped connection, then once more")

        do {
            _ = try client.post("\(scripted.baseURL)/c", body: Data("once".utf8))
            Issue.record("a POST on a dropped connection must not be retried")
        } catch {
            #expect(error.kind == .connectionClosed)
        }
        #expect(scripted.received.filter { $0.head.hasPrefix("POST /c ") }.count == 1)
    }

    // MARK: refusals before any traffic

    @Test(arguments: [
        "https://127.0.0.1:1/",
        "http://10.0.0.1/",
        "http://example.com/",
        "http://127.1/",
        "ftp://127.0.0.1/",
        "127.0.0.1:80/x",
        "http://user:pw@127.0.0.1/",
    ])
    func onlyPlainLoopbackURLs(url: String) {
        do {
            _ = try HTTPClient().get(url)
            Issue.record("accepted \(url)")
        } catch {
            #expect(error.kind == .invalidURL, "\(url): \(error)")
        }
    }

    @Test func headerInjectionIsRefused() throws {
        let server = try TestServer(handler: Self.clientTestRouter())
        do {
            _ = try HTTPClient().get("\(server.baseURL)/hello", headers: ["X-Evil": "a\r\nX-Smuggled: 1"])
            Issue.record("a CRLF in a header value was sent")
        } catch {
            #expect(error.kind == .invalidRequest)
        }
    }

    @Test func nothingListeningIsConnectFailed() throws {
        let (fd, port) = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 1)
        close(fd)
        do {
            _ = try HTTPClient().get("http://127.0.0.1:\(port)/")
            Issue.record("connected to a closed port")
        } catch {
            #expect(error.kind == .connectFailed)
            #expect(error.message.contains("refused"))
        }
    }
}
