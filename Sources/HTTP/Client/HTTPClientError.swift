/// Why an `HTTPClient` exchange failed, in words a person can act on. A
/// response with any status (404, 500…) is not an error: it is returned.
public struct HTTPClientError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The URL could not be used (not http, not loopback, no host…).
        case invalidURL
        /// The request itself cannot be written (a header with CR or LF…).
        case invalidRequest
        /// Nothing listens there, or the connect did not finish in time.
        case connectFailed
        /// The whole exchange did not finish within its timeout.
        case timedOut
        /// The server closed or reset the connection before a complete response.
        case connectionClosed
        /// The bytes received are not an HTTP/1.1 response.
        case malformedResponse
        /// The response body is over `Configuration.maxResponseBodyBytes`.
        case responseTooLarge
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
