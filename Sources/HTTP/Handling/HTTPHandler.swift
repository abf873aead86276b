/// Anything that answers a request. Handlers run synchronously on the
/// connection's own thread (see `HTTPServer`): blocking there, for an injected
/// latency say, holds up only that connection.
public protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest) throws -> HTTPResponse
}

/// A handler made from a closure.
public struct ClosureHandler: HTTPHandler {
    let body: @Sendable (HTTPRequest) throws -> HTTPResponse
    public init(_ body: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) { self.body = body }
    public func handle(_ request: HTTPRequest) throws -> HTTPResponse { try body(request) }
}
