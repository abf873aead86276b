/// One layer in front of a handler: it may answer by itself, change the
/// request, or change what the inner handler answered. The fault layers
/// (latency, throttling, outages) are middleware.
public protocol HTTPMiddleware: Sendable {
    func handle(_ request: HTTPRequest, next: any HTTPHandler) throws -> HTTPResponse
}

/// A handler wrapped in one middleware.
public struct MiddlewareHandler: HTTPHandler {
    public let middleware: any HTTPMiddleware
    public let inner: any HTTPHandler
    public init(_ middleware: any HTTPMiddleware, wrapping inner: any HTTPHandler) {
        self.middleware = middleware
        self.inner = inner
    }
    public func handle(_ request: HTTPRequest) throws -> HTTPResponse {
        try middleware.handle(request, next: inner)
    }
    /// A refusal never reached the middleware (there is no request), so the API behind it shapes it.
    public func refusal(_ error: HTTPDecodingError) -> HTTPResponse { inner.refusal(error) }
}

extension HTTPHandler {
    /// This handler behind `middleware`, outermost last: `h.with(a).with(b)`
    /// runs `b` first.
    public func with(_ middleware: any HTTPMiddleware) -> any HTTPHandler {
        MiddlewareHandler(middleware, wrapping: self)
    }
}
