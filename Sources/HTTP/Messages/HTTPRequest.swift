import Foundation

/// One decoded request. The body is fully read before a handler sees it: the
/// fakes answer JSON APIs whose bodies are small and bounded by
/// `HTTPServer.Limits.maxBodyBytes`.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request-target exactly as sent (RFC 9112 §3.2), e.g. `/a/b?q=1`.
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: Data
    /// Values captured by the router from `:name` and `*name` pattern segments.
    public var pathParameters: [String: String] = [:]
    /// Facts about the connection, for handlers that build absolute URLs or log.
    public var connection: ConnectionInfo = ConnectionInfo()

    public struct ConnectionInfo: Sendable {
        public var isSecure: Bool = false
        public var remoteAddress: String = ""
        public var localPort: UInt16 = 0
        /// The serving server's connections, for sleeps that must end when it stops.
        var registry: ConnectionRegistry?
        public init(isSecure: Bool = false, remoteAddress: String = "", localPort: UInt16 = 0) {
            self.isSecure = isSecure
            self.remoteAddress = remoteAddress
            self.localPort = localPort
        }

        /// Sleeps on the request's own thread (a fault's delay), waking early
        /// when the server that received the request stops, so a long delay
        /// never holds up a shutdown. Without a server (a handler called in
        /// process) it is a plain sleep.
        public func sleep(for duration: Duration) {
            if let registry {
                registry.sleep(for: duration)
            } else {
                Thread.sleep(forTimeInterval: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
            }
        }
    }

    public init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http11,
        headers: HTTPHeaders = HTTPHeaders(), body: Data = Data()
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The target's path, still percent-encoded.
    public var path: String {
        guard let q = target.firstIndex(of: "?") else { return target }
        return String(target[..<q])
    }

    /// The raw query string after `?`, or nil when there is none.
    public var queryString: String? {
        guard let q = target.firstIndex(of: "?") else { return nil }
        return String(target[target.index(after: q)...])
    }

    /// Decoded query items in order. `+` means a space, as HTML forms and
    /// Python's `requests` encode it.
    public var queryItems: [(name: String, value: String)] {
        guard let query = queryString, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = HTTPRequest.formDecode(parts[0])
            let value = parts.count > 1 ? HTTPRequest.formDecode(parts[1]) : ""
            return (name: name, value: value)
        }
    }

    /// The first query value for `name`.
    public func query(_ name: String) -> String? { queryItems.first { $0.name == name }?.value }

    /// Whether the connection stays open after this request (RFC 9112 §9.3).
    public var keepsAlive: Bool {
        let tokens = headers.tokens(for: "Connection")
        if tokens.contains("close") { return false }
        if version == .http10 { return tokens.contains("keep-alive") }
        return true
    }

    /// The body parsed as a form (`application/x-www-form-urlencoded`).
    public var formFields: [String: String] {
        let text = String(decoding: body, as: UTF8.self)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            fields[HTTPRequest.formDecode(parts[0])] = parts.count > 1 ? HTTPRequest.formDecode(parts[1]) : ""
        }
        return fields
    }

    static func formDecode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
