import FakeKit
import Foundation
import HTTP

/// Talks to a connector's control API on 127.0.0.1 (`/health`, `/history`,
/// `/rollback`, `/sync`), with short timeouts: a hung connector must not hang the run.
struct ControlClient {
    let port: UInt16

    func get(_ path: String) -> (status: Int, body: Data)? { send(.get, path, nil) }

    func post(_ path: String, _ body: JSONValue) -> (status: Int, body: Data)? {
        send(.post, path, try? JSONEncoder().encode(body))
    }

    private func send(_ method: HTTPMethod, _ path: String, _ body: Data?) -> (status: Int, body: Data)? {
        var configuration = HTTPClient.Configuration()
        configuration.timeoutSeconds = 10
        configuration.connectTimeoutSeconds = 2
        let client = HTTPClient(configuration: configuration)
        var headers = HTTPHeaders()
        if body != nil { headers["Content-Type"] = "application/json" }
        guard let response = try? client.send(method, "http://127.0.0.1:\(port)\(path)", headers: headers, body: body ?? Data()) else {
            return nil
        }
        return (response.status.code, response.body)
    }

    /// A free loopback port, chosen by the kernel.
    static func freePort() throws -> UInt16 {
        let server = try HTTPServer(configuration: .init(), handler: HTTPRouter())
        let port = try server.start()
        server.stop(gracePeriodSeconds: 0)
        return port
    }
}
