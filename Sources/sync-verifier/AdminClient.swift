import CommandLineKit
import FakeKit
import Foundation
import HTTP

/// One fake's admin API, as `sync-verifier fault` reaches it.
struct AdminClient {
    let base: String
    let token: String?
    let client: HTTPClient

    init(_ arguments: ParsedArguments, side: FaultSide) throws {
        let variables = try ServeVariables.resolve(arguments)
        let base: String? =
            switch side {
            case .crm: arguments.value("--admin-url") ?? variables["SV_ADMIN_URL"]
            case .prm:
                arguments.value("--prm-admin-url") ?? variables["SV_PRM_ADMIN_URL"]
                    ?? variables["SV_PRM_URL"].map { $0 + AdminAPI.prefix }
            }
        guard let base, !base.isEmpty else {
            let source = side == .crm ? "--admin-url or SV_ADMIN_URL" : "--prm-admin-url or SV_PRM_URL"
            throw ExitError(
                code: 2, "no admin URL for the \(side.rawValue): give \(source) (or --env FILE with serve's output)")
        }
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        token = variables["SV_ADMIN_TOKEN"]
        var configuration = HTTPClient.Configuration()
        configuration.caBundlePath = arguments.value("--ca-bundle") ?? variables["SV_CA_BUNDLE"]
        configuration.timeoutSeconds = 10
        client = HTTPClient(configuration: configuration)
    }

    /// Sends one admin request; an error answer becomes the fake's own message.
    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) throws -> HTTPClientResponse {
        var headers = HTTPHeaders()
        if let token { headers["X-Admin-Token"] = token }
        var data = Data()
        if let body {
            headers["Content-Type"] = "application/json"
            data = OrderedJSON.value(body).serialized()
        }
        let response: HTTPClientResponse
        do {
            response = try client.send(method, base + path, headers: headers, body: data)
        } catch {
            throw ExitError(code: 1, "cannot reach the admin API at \(base): \(error)")
        }
        guard response.status.code < 400 else {
            let error = (try? JSONDecoder().decode(JSONValue.self, from: response.body))?["error"]
            let message = error?["message"]?.stringValue ?? response.text
            let code = error?["code"]?.stringValue.map { " (\($0))" } ?? ""
            // A value the fake refuses is the caller's to fix (2); a fault that is not there, or a change it cannot make, is not (1).
            throw ExitError(
                code: response.status.code == 400 ? 2 : 1,
                "\(method.rawValue) \(base + path): \(response.status.code)\(code): \(message)")
        }
        return response
    }
}
