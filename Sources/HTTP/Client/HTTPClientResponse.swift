import Foundation

/// A complete response as `HTTPClient` received it: the status with the
/// reason phrase the server sent, the header fields in arrival order, and the
/// body with its transfer framing (Content-Length or chunked) removed.
public struct HTTPClientResponse: Sendable {
    public var status: HTTPStatus
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: Data

    public init(status: HTTPStatus, version: HTTPVersion = .http11, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data()) {
        self.status = status
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The body decoded as UTF-8 (invalid sequences replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed with `JSONSerialization` (fragments allowed).
    public func json() throws -> Any {
        try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
    }
}
