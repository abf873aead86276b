/// Anything that answers a request. Handlers run synchronously on the
/// connection's own thread (see `HTTPServer`): blocking there, for an injected
/// latency say, holds up only that connection.
public protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest) throws -> HTTPResponse
    /// The answer to bytes that never became a request (a head or body over
    /// the limits, a malformed message, a request not finished in time, no
    /// room for another connection), in the API's own error shape; the
    /// server closes the connection after it.
    func refusal(_ error: HTTPDecodingError) -> HTTPResponse
}

extension HTTPHandler {
    /// Plain text, for a server with no error shape of its own.
    public func refusal(_ error: HTTPDecodingError) -> HTTPResponse {
        .text(error.status, "\(error.status.reasonPhrase): \(error.reason)\n")
    }
}

/// A handler made from a closure.
public struct ClosureHandler: HTTPHandler {
    let body: @Sendable (HTTPRequest) throws -> HTTPResponse
    public init(_ body: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) { self.body = body }
    public func handle(_ request: HTTPRequest) throws -> HTTPResponse { try body(request) }
}
