import Testing

@testable import HTTP

/// A forward proxy's request heads, from bytes in memory (RFC 9110 §9.3.6, RFC 9112 §3.2).
@Suite(.tags(.inMemory)) struct ProxyRequestHeadTests {
    private func parse(_ text: String) throws(ProxyRequestHead.Failure) -> ProxyRequestHead.Parse {
        try ProxyRequestHead.parse(Array(text.utf8))
    }

    @Test func connectNamesHostAndPort() throws {
        let text = "CONNECT Login.Salesforce.com:443 HTTP/1.1\r\nHost: login.salesforce.com:443\r\nProxy-Connection: keep-alive\r\n\r\n"
        guard case .head(let head, let consumed) = try parse(text) else {
            Issue.record("a complete head")
            return
        }
        #expect(head.isConnect && head.method == "CONNECT")
        #expect(head.destination == ProxyDestination(host: "login.salesforce.com", port: 443))
        #expect(consumed == text.utf8.count)
        #expect(head.headers.map(\.name) == ["Host", "Proxy-Connection"])
        guard case .head(let v6, _) = try parse("CONNECT [::1]:8443 HTTP/1.1\r\n\r\n") else { return }
        #expect(v6.destination.host == "::1" && v6.destination.description == "[::1]:8443")
    }

    @Test func absoluteFormNamesTheOriginTarget() throws {
        guard case .head(let head, _) = try parse("POST http://collector.example.net/ingest?x=1 HTTP/1.1\r\nContent-Length: 0\r\n\r\n") else {
            Issue.record("a complete head")
            return
        }
        #expect(!head.isConnect)
        #expect(head.destination == ProxyDestination(host: "collector.example.net", port: 80))
        #expect(head.originTarget == "/ingest?x=1")
    }

    @Test func incompleteHeadsWaitForMoreBytes() throws {
        #expect(try parse("") == .needMoreData)
        #expect(try parse("CONNECT login.salesforce.com:443 HTTP/1.1\r\nHost: x") == .needMoreData)
    }

    @Test(arguments: [
        ("CONNECT login.salesforce.com HTTP/1.1\r\n\r\n", 400),  // CONNECT needs a port
        ("CONNECT login.salesforce.com:0 HTTP/1.1\r\n\r\n", 400),
        ("CONNECT login.salesforce.com:99999 HTTP/1.1\r\n\r\n", 400),
        ("CONNECT bad_host!:443 HTTP/1.1\r\n\r\n", 400),
        ("CONNECT a..b:443 HTTP/1.1\r\n\r\n", 400),
        // Brackets hold an IPv6 address, not any hex digits and dots (found by the proxy-head fuzzer).
        ("CONNECT [.85828]:8844 HTTP/1.1\r\n\r\n", 400),
        ("CONNECT [1]:443 HTTP/1.1\r\n\r\n", 400),
        ("GET http://example.com../ HTTP/1.1\r\n\r\n", 400),
        ("GET /relative HTTP/1.1\r\n\r\n", 400),
        ("GET https://x.example/ HTTP/1.1\r\n\r\n", 400),
        ("CONNECT x:443 HTTP/2.0\r\n\r\n", 505),
        ("CONNECT x:443\r\n\r\n", 400),
        ("CONNECT x:443 HTTP/1.1\r\nNo colon here\r\n\r\n", 400),
        ("CONNECT x:443 HTTP/1.1\r\nBad : spacing\r\n\r\n", 400),
    ])
    func malformedHeadsAreRefusedWithTheirStatus(text: String, status: Int) {
        #expect(throws: ProxyRequestHead.Failure.self) { try parse(text) }
        do {
            _ = try parse(text)
        } catch {
            #expect(error.status == status, "\(text)")
        }
    }

    @Test func bytesThatCannotBeAHeadFailAtOnceAndHugeHeadsAre431() {
        // A TLS ClientHello sent to the proxy without CONNECT.
        #expect(throws: ProxyRequestHead.Failure(status: 400, reason: "control character in the request head")) {
            try ProxyRequestHead.parse([0x16, 0x03, 0x01, 0x02, 0x00])
        }
        let huge = "CONNECT x:443 HTTP/1.1\r\nX: " + String(repeating: "a", count: ProxyRequestHead.maximumHeadBytes)
        #expect(throws: ProxyRequestHead.Failure(status: 431, reason: "request head exceeds 16384 bytes")) { try parse(huge) }
    }

    @Test func aRequestLineOverTheLimitIs414WhetherItsEndHasComeOrNot() {
        let limit = ProxyRequestHead.maximumRequestLineBytes
        let longTarget = "GET http://example.com/" + String(repeating: "u", count: limit)
        let refusal = ProxyRequestHead.Failure(status: 414, reason: "request line exceeds \(limit) bytes")
        #expect(throws: refusal) { try parse(longTarget) }
        #expect(throws: refusal) { try parse(longTarget + " HTTP/1.1\r\nHost: example.com\r\n\r\n") }
        // Exactly at the limit is still a request line (CRLF not counted).
        let atLimit = "GET http://e.com/" + String(repeating: "u", count: limit - "GET http://e.com/ HTTP/1.1".count) + " HTTP/1.1"
        #expect(atLimit.utf8.count == limit)
        #expect(throws: Never.self) { try parse(atLimit + "\r\nHost: e.com\r\n\r\n") }
    }

    @Test func routesMatchExactNamesAndOneLabelWildcards() {
        var routes = ProxyRoutes()
        let handler = ClosureHandler { _ in .text(.ok, "x") }
        routes.add("login.salesforce.com", handler)
        routes.add("*.my.salesforce.com", handler)
        #expect(routes.handler(for: "LOGIN.salesforce.com") != nil)
        #expect(routes.handler(for: "acme.my.salesforce.com") != nil)
        #expect(routes.handler(for: "my.salesforce.com") == nil)
        #expect(routes.handler(for: "a.b.my.salesforce.com") == nil)
        #expect(routes.handler(for: "evilmy.salesforce.com") == nil)
        #expect(routes.handler(for: "salesforce.com.evil.example") == nil)
    }
}
