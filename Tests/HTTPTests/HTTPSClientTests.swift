import Foundation
import Testing
@testable import HTTP

/// HTTPClient over TLS: the certificate must chain to the given CA and name
/// the host or address the URL uses.
@Suite("HTTPClient over https", .tags(.socket))
struct HTTPSClientTests {
    func client(ca: String?) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.caBundlePath = ca
        configuration.timeoutSeconds = 5
        return HTTPClient(configuration: configuration)
    }

    @Test func talksToATLSServerTrustingOnlyTheGivenCA() throws {
        let server = try TestServer(tls: true, handler: TestServer.echoRouter())
        let client = client(ca: server.caBundlePath)
        let response = try client.get("\(server.baseURL)/items/9")
        #expect(response.status.code == 200)
        #expect(response.text == #"{"id":"9"}"#)
        let echoed = try client.post("\(server.baseURL)/echo", body: Data(repeating: 66, count: 300_000))
        #expect(echoed.body.count == 300_000)
        // The certificate names localhost too.
        #expect(try client.get("https://localhost:\(server.port)/hello").text == "hello")
    }

    @Test func refusesAServerItCannotVerify() throws {
        let server = try TestServer(tls: true, handler: TestServer.echoRouter())
        #expect(throws: HTTPClientError.self) { try client(ca: nil).get("\(server.baseURL)/hello") }
        let emptyCA = FileManager.default.temporaryDirectory.appendingPathComponent("sv-empty-ca-\(UUID().uuidString).pem")
        try Data().write(to: emptyCA)
        defer { try? FileManager.default.removeItem(at: emptyCA) }
        #expect(throws: HTTPClientError.self) { try client(ca: emptyCA.path).get("\(server.baseURL)/hello") }
    }
}
