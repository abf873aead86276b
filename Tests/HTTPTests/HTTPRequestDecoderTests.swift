import Foundation
import Testing

@testable import HTTP

/// The decoder fed bytes from memory: every limit and every framing rule.
@Suite(.tags(.inMemory)) struct HTTPRequestDecoderTests {
    static func decodeAll(_ text: String, limits: HTTPLimits = HTTPLimits()) throws(HTTPDecodingError) -> [HTTPRequest] {
        var buffer = ByteBuffer(text)
        var decoder = HTTPRequestDecoder(limits: limits)
        var requests: [HTTPRequest] = []
        while true {
            switch try decoder.decode(&buffer) {
            case .request(let request): requests.append(request)
            case .expectsContinue: continue
            case .needMoreData: return requests
            }
        }
    }

    static func failure(_ text: String, limits: HTTPLimits = HTTPLimits()) -> HTTPDecodingError? {
        do {
            _ = try decodeAll(text, limits: limits)
            return nil
        } catch { return error }
    }

    static var small: HTTPLimits {
        var limits = HTTPLimits()
        limits.maxRequestLineBytes = 64
        limits.maxHeaderBytes = 128
        limits.maxHeaderCount = 4
        limits.maxBodyBytes = 16
        return limits
    }

    // MARK: limits

    @Test func requestLineTooLargeIs414() {
        let error = Self.failure("GET /\(String(repeating: "a", count: 100)) HTTP/1.1\r\nHost: x\r\n\r\n", limits: Self.small)
        #expect(error?.status.code == 414)
    }

    @Test func requestLineTooLargeFailsBeforeItEnds() {
        // No CRLF yet: the limit is enforced on the bytes already received.
        let error = Self.failure("GET /\(String(repeating: "a", count: 100))", limits: Self.small)
        #expect(error?.status.code == 414)
    }

    @Test func headerSectionTooLargeIs431() {
        let error = Self.failure("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 200))\r\n\r\n", limits: Self.small)
        #expect(error?.status.code == 431)
    }

    @Test func tooManyHeadersIs431() {
        let headers = (1...5).map { "X-\($0): v\r\n" }.joined()
        let error = Self.failure("GET / HTTP/1.1\r\nHost: x\r\n\(headers)\r\n", limits: Self.small)
        #expect(error?.status.code == 431)
    }

    @Test func contentLengthOverCapIs413() {
        let error = Self.failure("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n", limits: Self.small)
        #expect(error?.status.code == 413)
    }

    @Test func chunkedBodyOverCapIs413() {
        let error = Self.failure("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\nx\r\n0\r\n\r\n", limits: Self.small)
        #expect(error?.status.code == 413)
    }

    @Test func chunkSizeLineTooLongIs400() {
        var limits = HTTPLimits()
        limits.maxChunkLineBytes = 16
        let error = Self.failure("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;\(String(repeating: "e", count: 40))", limits: limits)
        #expect(error?.status.code == 400)
        #expect(error?.reason == "chunk line too long")
    }

    @Test func trailerSectionTooLargeIs431() {
        let trailer = "X-T: \(String(repeating: "t", count: 200))\r\n"
        let error = Self.failure("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\(trailer)\r\n", limits: Self.small)
        #expect(error?.status.code == 431)
    }

    @Test func tooManyTrailerFieldsIs431() {
        let trailers = (1...5).map { "T\($0): v\r\n" }.joined()
        let error = Self.failure("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\(trailers)\r\n", limits: Self.small)
        #expect(error?.status.code == 431)
    }

    @Test func headerSectionTooLargeFailsBeforeItEnds() {
        // One endless field line with no CRLF: refused on the bytes already here.
        let error = Self.failure("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 200))", limits: Self.small)
        #expect(error?.status.code == 431)
    }

    @Test func bodyExactlyAtTheCapIsAccepted() throws {
        let body = String(repeating: "z", count: 16)
        let byLength = try Self.decodeAll("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 16\r\n\r\n\(body)", limits: Self.small)
        #expect(byLength.first?.body.count == 16)
        let chunked = try Self.decodeAll("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n\(body)\r\n0\r\n\r\n", limits: Self.small)
        #expect(chunked.first?.body.count == 16)
    }

    @Test func hugeChunkSizeIs413NotOverflow() {
        let error = Self.failure("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n")
        #expect(error?.status.code == 413)
    }

    @Test func hugeContentLengthIs413NotOverflow() {
        let error = Self.failure("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n")
        #expect(error?.status.code == 413)
    }

    // MARK: malformed framing → 400 (or the specific status the RFC names)

    @Test(arguments: [
        ("bad chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("empty chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", 400),
        ("chunk data without CRLF", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY", 400),
        ("both CL and TE", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("non-numeric CL", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 12a\r\n\r\n", 400),
        ("negative CL", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
        ("conflicting CL", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400),
        ("conflicting CL list", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\n", 400),
        ("bare LF in request line", "GET / HTTP/1.1\nHost: x\r\n\r\n", 400),
        ("bare LF in headers", "GET / HTTP/1.1\r\nHost: x\n\r\n", 400),
        ("bare CR", "GET / HTTP/1.1\r\nHost: x\rY: z\r\n\r\n", 400),
        ("bare LF in chunk line", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\nx\r\n", 400),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 400),
        ("space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
        ("no colon", "GET / HTTP/1.1\r\nHost x\r\n\r\n", 400),
        ("empty field name", "GET / HTTP/1.1\r\n: x\r\nHost: x\r\n\r\n", 400),
        ("invalid method character", "G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("control char in method", "\u{16}\u{03}\u{01}", 400),
        ("double space", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("missing version", "GET /\r\nHost: x\r\n\r\n", 400),
        ("lower-case version", "GET / http/1.1\r\nHost: x\r\n\r\n", 400),
        ("malformed version", "GET / HTTP/1\r\nHost: x\r\n\r\n", 400),
        ("unsupported version", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("relative target", "GET foo HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("asterisk target for GET", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("non-ASCII in target", "GET /caf\u{E9} HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("NUL in header value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{0}b\r\n\r\n", 400),
        ("missing Host", "GET / HTTP/1.1\r\n\r\n", 400),
        ("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("unknown expectation", "POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx", 417),
        ("unknown transfer coding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("chunked not last", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
        ("chunked twice", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400),
        ("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("bad chunk extension", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;a\u{1}\r\n", 400),
        ("chunk extension without semicolon", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1 a\r\nx\r\n0\r\n\r\n", 400),
        ("unterminated quoted chunk extension", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;a=\"b\r\nx\r\n0\r\n\r\n", 400),
        ("chunk data ended by bare LF", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\n0\r\n\r\n", 400),
        ("bare CR in request line", "GET / HTTP/1.1\rHost: x\r\n\r\n", 400),
        ("bare CR in chunk line", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\rx\r\n", 400),
        ("tab before colon", "GET / HTTP/1.1\r\nHost\t: x\r\n\r\n", 400),
        ("obs-fold with tab", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tb\r\n\r\n", 400),
        ("empty Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n", 400),
        ("signed Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello", 400),
        ("unknown coding alone", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
        ("empty Transfer-Encoding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \r\n\r\n", 400),
        ("TE then CL", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 400),
        ("malformed trailer field", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer\r\n\r\n", 400),
        ("method with a slash", "GE/T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("leading space", " GET / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("trailing space after version", "GET / HTTP/1.1 \r\nHost: x\r\n\r\n", 400),
        ("HTTP/1.2", "GET / HTTP/1.2\r\nHost: x\r\n\r\n", 505),
        ("HTTP/0.9 style", "GET / HTTP/0.9\r\n\r\n", 505),
        ("non-http absolute form", "GET ftp://h/p HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("DEL in header value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{7F}\r\n\r\n", 400),
        ("too many empty lines first", String(repeating: "\r\n", count: 9) + "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ])
    func malformedFramingIsRefused(name: String, text: String, status: Int) {
        let error = Self.failure(text)
        #expect(error?.status.code == status, "\(name): \(String(describing: error))")
    }

    // MARK: valid framing

    @Test func simpleGetWithQueryAndHeaders() throws {
        let requests = try Self.decodeAll("GET /a/b?q=SELECT+Id+FROM+Account&x=%2F HTTP/1.1\r\nHost: localhost\r\nX-Multi: 1\r\nx-multi:  2 \r\n\r\n")
        let request = try #require(requests.first)
        #expect(request.method == .get)
        #expect(request.path == "/a/b")
        #expect(request.query("q") == "SELECT Id FROM Account")
        #expect(request.query("x") == "/")
        #expect(request.headers.values(for: "X-MULTI") == ["1", "2"])
        #expect(request.version == .http11)
    }

    @Test func pipelinedRequestsInOneBuffer() throws {
        let one = "POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
        let two = "GET /2 HTTP/1.1\r\nHost: x\r\n\r\n"
        let three = "DELETE /3 HTTP/1.1\r\nHost: x\r\n\r\n"
        let requests = try Self.decodeAll(one + two + three)
        #expect(requests.map(\.path) == ["/1", "/2", "/3"])
        #expect(requests[0].body == Data("abc".utf8))
    }

    @Test func bytesArrivingOneAtATime() throws {
        let text = "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: yes\r\n\r\n"
        var buffer = ByteBuffer()
        var decoder = HTTPRequestDecoder()
        var received: [HTTPRequest] = []
        for byte in text.utf8 {
            buffer.append([byte])
            if case .request(let request) = try decoder.decode(&buffer) { received.append(request) }
        }
        #expect(received.count == 1)
        #expect(received.first?.body == Data("abcde".utf8))
        #expect(buffer.isEmpty)
    }

    @Test func expectContinueIsAnnouncedBeforeTheBody() throws {
        var buffer = ByteBuffer("PUT /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        var decoder = HTTPRequestDecoder()
        guard case .expectsContinue = try decoder.decode(&buffer) else {
            Issue.record("expected a 100-continue event")
            return
        }
        guard case .needMoreData = try decoder.decode(&buffer) else {
            Issue.record("expected to wait for the body")
            return
        }
        buffer.append(Array("ok".utf8))
        guard case .request(let request) = try decoder.decode(&buffer) else {
            Issue.record("expected the request")
            return
        }
        #expect(request.body == Data("ok".utf8))
    }

    @Test func chunkedWithExtensionsAndTrailersInOneBuffer() throws {
        let text = "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
        #expect(Self.failure(text)?.status.code == 501, "gzip is not a coding we decode")
        let requests = try Self.decodeAll(
            "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n"
                + "4;name=value;quoted=\"a, \\\"b\\\" c\"\r\nWiki\r\n"
                + "5 ; flag\r\npedia\r\n"
                + "E\r\n in\r\n\r\nchunks.\r\n"
                + "0;last\r\nExpires: never\r\nX-Checksum: 42\r\n\r\n"
                + "GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(requests.map(\.path) == ["/c", "/after"])
        #expect(String(decoding: requests[0].body, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
        // Trailers are checked but not merged into the header section.
        #expect(requests[0].headers["X-Checksum"] == nil)
    }

    @Test func expectContinueIsNotAnnouncedWhenTheBodyIsAlreadyHere() throws {
        var buffer = ByteBuffer("PUT /x HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nok")
        var decoder = HTTPRequestDecoder()
        guard case .request(let request) = try decoder.decode(&buffer) else {
            Issue.record("the body had arrived: no 100 Continue is needed")
            return
        }
        #expect(request.body == Data("ok".utf8))
    }

    @Test func expectContinueIsIgnoredForHTTP10() throws {
        // RFC 9110 §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request.
        var buffer = ByteBuffer("PUT /x HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        var decoder = HTTPRequestDecoder()
        guard case .needMoreData = try decoder.decode(&buffer) else {
            Issue.record("no interim response for HTTP/1.0")
            return
        }
        #expect(decoder.isMidRequest)
    }

    @Test func headRequestHasNoBodyAndKeepsAlive() throws {
        let requests = try Self.decodeAll("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /g HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(requests.map(\.method) == [.head, .get])
        #expect(requests[0].body.isEmpty)
        #expect(requests[0].keepsAlive)
    }

    @Test func unknownMethodTokenReachesTheRouter() throws {
        let requests = try Self.decodeAll("PROPFIND /x HTTP/1.1\r\nHost: x\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(requests.map(\.method.rawValue) == ["PROPFIND", "OPTIONS"])
        #expect(requests[1].target == "*")
    }

    @Test func fieldValuesAreTrimmedAndObsTextKept() throws {
        let requests = try Self.decodeAll("GET / HTTP/1.1\r\nHost: x\r\nX-Name: \t Zo\u{EB} \t\r\nX-Empty:\r\n\r\n")
        #expect(requests.first?.headers["x-name"] == "Zo\u{EB}")
        #expect(requests.first?.headers["X-Empty"] == "")
    }

    @Test func identicalContentLengthsAreOne() throws {
        let requests = try Self.decodeAll("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 2\r\n\r\nhi")
        #expect(requests.first?.body == Data("hi".utf8))
    }

    @Test func leadingEmptyLinesAreIgnored() throws {
        let requests = try Self.decodeAll("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(requests.count == 1)
    }

    @Test func absoluteFormIsRoutedOnItsPath() throws {
        let requests = try Self.decodeAll("GET http://127.0.0.1:8080/p?q=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(requests.first?.target == "/p?q=1")
    }

    @Test func http10NeedsNoHostAndClosesByDefault() throws {
        let requests = try Self.decodeAll("GET / HTTP/1.0\r\n\r\n")
        #expect(requests.first?.keepsAlive == false)
        let keepAlive = try Self.decodeAll("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(keepAlive.first?.keepsAlive == true)
    }

    @Test func incompleteHeadWaits() throws {
        #expect(try Self.decodeAll("GET / HTTP/1.1\r\nHost: x\r\n").isEmpty)
    }
}
