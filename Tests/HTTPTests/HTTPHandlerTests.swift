import Foundation
import Testing

@testable import HTTP

/// Handlers, router and middleware called directly: no socket at all.
@Suite(.tags(.inMemory)) struct HTTPHandlerTests {
    @Test func routerMatchesMethodAndPath() throws {
        let router = TestServer.echoRouter()
        let response = try router.handle(HTTPRequest(method: .get, target: "/items/42"))
        #expect(response.status == .ok)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"id":"42"}"#)
    }

    @Test func unknownPathIs404AndWrongMethodIs405WithAllow() throws {
        let router = TestServer.echoRouter()
        #expect(try router.handle(HTTPRequest(method: .get, target: "/nope")).status.code == 404)
        let wrong = try router.handle(HTTPRequest(method: .delete, target: "/hello"))
        #expect(wrong.status.code == 405)
        #expect(wrong.headers["Allow"] == "GET, HEAD")
    }

    @Test func routerFallbacksCanSpeakADialect() throws {
        var router = HTTPRouter()
        router.notFound = { _ in .json(.notFound, [["errorCode": "NOT_FOUND"]]) }
        let response = try router.handle(HTTPRequest(method: .get, target: "/x"))
        #expect(String(decoding: response.body, as: UTF8.self) == #"[{"errorCode":"NOT_FOUND"}]"#)
    }

    struct Stamp: HTTPMiddleware {
        let name: String
        func handle(_ request: HTTPRequest, next: any HTTPHandler) throws -> HTTPResponse {
            var response = try next.handle(request)
            response.headers.add("X-Order", name)
            return response
        }
    }

    @Test func middlewareWrapsInOrder() throws {
        let handler = TestServer.echoRouter().with(Stamp(name: "inner")).with(Stamp(name: "outer"))
        let response = try handler.handle(HTTPRequest(method: .get, target: "/hello"))
        #expect(response.headers.values(for: "x-order") == ["inner", "outer"])
    }

    struct Teapot: HTTPResponseError {
        var response: HTTPResponse { .text(HTTPStatus(418, "I'm a teapot"), "short and stout") }
    }

    @Test func errorsChooseTheirResponseAndOthersAre500() {
        let teapot = ClosureHandler { _ in throw Teapot() }
        #expect(teapot.respond(to: HTTPRequest(method: .get, target: "/")).status.code == 418)
        struct Opaque: Error {}
        let opaque = ClosureHandler { _ in throw Opaque() }
        let response = opaque.respond(to: HTTPRequest(method: .get, target: "/"))
        #expect(response.status.code == 500)
        #expect(!String(decoding: response.body, as: UTF8.self).contains("Opaque"))
    }

    @Test func encoderOwnsFraming() {
        var response = HTTPResponse.text(.ok, "abc")
        response.headers["Content-Length"] = "999"
        response.headers["Transfer-Encoding"] = "chunked"
        let bytes = HTTPResponseEncoder.encode(response, for: .get, keepAlive: true, date: "Sun, 22 Nov 2026 00:00:00 GMT")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("Content-Length: 3\r\n"))
        #expect(!text.contains("999") && !text.contains("chunked"))
        #expect(text.hasSuffix("\r\n\r\nabc"))
    }

    @Test(arguments: [0, 1, 9, 10, 99, 100, 1024, 65536, 1_000_001])
    func contentLengthIsTheBodySize(size: Int) {
        let response = HTTPResponse(status: HTTPStatus(299, "Custom"), body: Data(repeating: 7, count: size))
        let bytes = HTTPResponseEncoder.encode(response, for: .get, keepAlive: true, date: "d")
        let head = String(decoding: bytes.prefix(bytes.count - size), as: UTF8.self)
        #expect(head == "HTTP/1.1 299 Custom\r\nDate: d\r\nContent-Length: \(size)\r\n\r\n")
        let forHead = HTTPResponseEncoder.encode(response, for: .head, version: .http10, keepAlive: true, date: "d")
        #expect(String(decoding: forHead, as: UTF8.self) == "HTTP/1.1 299 Custom\r\nDate: d\r\nContent-Length: \(size)\r\nConnection: keep-alive\r\n\r\n")
    }

    @Test func noBodyFor204And304() {
        let bytes = HTTPResponseEncoder.encode(HTTPResponse(status: .noContent, body: Data("x".utf8)), for: .get, keepAlive: true, date: "d")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("Content-Length"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    @Test func httpDateIsIMFFixdate() {
        #expect(HTTPDate.format(epochSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
    }
}
