import Foundation
import Glibc
import Synchronization

/// A thin, blocking HTTP/1.1 client for loopback: the runner calls connectors'
/// control APIs with it and the simulated PRM delivers webhooks with it.
///
/// Plain HTTP only; keep-alive connections are pooled per host and port;
/// responses framed by Content-Length, chunked, or the connection's close;
/// one deadline bounds each whole exchange. Every call blocks the calling
/// thread (use it from a connection thread or a dedicated thread, not from
/// Swift's cooperative pool). Safe to share between threads.
public final class HTTPClient: Sendable {
    public let configuration: Configuration
    /// Idle keep-alive descriptors by "address:port", most recently used last.
    private let idle = Mutex<[String: [Int32]]>([:])
    /// For https: made once from `configuration.caBundlePath` (or why it could not be).
    private let tls: Result<TLSClientContext, TLSError>?

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        tls = configuration.caBundlePath.map { path in Result { () throws(TLSError) in try TLSClientContext(caFile: path) } }
    }

    deinit { closeIdleConnections() }

    /// Sends one request and returns the response, whatever its status.
    /// Throws `HTTPClientError` only when no complete response was received.
    public func send(
        _ method: HTTPMethod, _ url: String, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data(),
        timeoutSeconds: Double? = nil
    ) throws(HTTPClientError) -> HTTPClientResponse {
        let endpoint = try ClientEndpoint(url: url)
        let request = try encode(method, endpoint, headers: headers, body: body)
        let deadline = ContinuousClock.now + .milliseconds(Int((timeoutSeconds ?? configuration.timeoutSeconds) * 1000))
        let closeRequested = headers.tokens(for: "Connection").contains("close")

        while let fd = takeIdle(endpoint) {
            let connection = ClientConnection(fd: fd, wasReused: true)
            guard connection.isStillUsable else { continue }
            do {
                return try exchange(request, method, on: connection, endpoint, closeRequested: closeRequested, until: deadline)
            } catch let error where mayRetry(after: error, on: connection, method: method) {
                // The server closed this keep-alive connection as we reused it;
                // the request cannot have been processed. Try a fresh one.
                break
            }
        }
        let left = (deadline - ContinuousClock.now).components
        let remaining = Double(left.seconds) + Double(left.attoseconds) / 1e18
        guard remaining > 0 else { throw HTTPClientError(.timedOut, "no time left to connect") }
        var context: TLSClientContext?
        if endpoint.isSecure {
            switch tls {
            case nil: throw HTTPClientError(.invalidURL, "https needs a CA bundle (HTTPClient.Configuration.caBundlePath): \(url)")
            case .failure(let error)?: throw HTTPClientError(.connectFailed, "\(error)")
            case .success(let made)?: context = made
            }
        }
        let connection = try ClientConnection.connect(to: endpoint, timeoutSeconds: min(configuration.connectTimeoutSeconds, remaining), tls: context)
        return try exchange(request, method, on: connection, endpoint, closeRequested: closeRequested, until: deadline)
    }

    public func get(_ url: String, headers: HTTPHeaders = HTTPHeaders(), timeoutSeconds: Double? = nil) throws(HTTPClientError) -> HTTPClientResponse {
        try send(.get, url, headers: headers, timeoutSeconds: timeoutSeconds)
    }

    public func post(_ url: String, body: Data, headers: HTTPHeaders = HTTPHeaders(), timeoutSeconds: Double? = nil) throws(HTTPClientError) -> HTTPClientResponse {
        try send(.post, url, headers: headers, body: body, timeoutSeconds: timeoutSeconds)
    }

    /// POSTs `object` serialised with `JSONSerialization`, as `application/json`.
    public func postJSON(_ url: String, _ object: Any, headers: HTTPHeaders = HTTPHeaders(), timeoutSeconds: Double? = nil) throws -> HTTPClientResponse {
        var fields = headers
        if !fields.contains("Content-Type") { fields["Content-Type"] = "application/json" }
        let body = try JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed, .withoutEscapingSlashes])
        return try send(.post, url, headers: fields, body: body, timeoutSeconds: timeoutSeconds)
    }

    /// Closes every pooled keep-alive connection.
    public func closeIdleConnections() {
        let descriptors = idle.withLock { table in
            defer { table.removeAll() }
            return table.values.flatMap { $0 }
        }
        for fd in descriptors { close(fd) }
    }

    /// Keep-alive connections pooled right now (all endpoints).
    public var idleConnectionCount: Int { idle.withLock { $0.values.reduce(0) { $0 + $1.count } } }

    // MARK: - Exchange

    private func exchange(
        _ request: [UInt8], _ method: HTTPMethod, on connection: ClientConnection, _ endpoint: ClientEndpoint,
        closeRequested: Bool, until deadline: ContinuousClock.Instant
    ) throws(HTTPClientError) -> HTTPClientResponse {
        try connection.write(request, until: deadline)
        let (response, reusable) = try connection.readResponse(to: method, limits: configuration, until: deadline)
        // TLS sessions are not pooled: the pool holds descriptors, and a
        // loopback handshake costs about a millisecond.
        if reusable && !closeRequested && connection.tls == nil {
            putIdle(connection.detach(), endpoint)
        } else {
            connection.close()
        }
        return response
    }

    /// A reused connection that failed before any response byte arrived was
    /// closed by the server while idle. Retrying is safe when the request is
    /// idempotent (RFC 9110 §9.2.2) or was not even written; a POST that was
    /// written may have been processed, so it is not sent twice.
    private func mayRetry(after error: HTTPClientError, on connection: ClientConnection, method: HTTPMethod) -> Bool {
        guard connection.wasReused, error.kind == .connectionClosed, !connection.receivedAnyByte else { return false }
        let idempotent: Set<HTTPMethod> = [.get, .head, .put, .delete, .options]
        return idempotent.contains(method) || !connection.requestWritten
    }

    /// RFC 9112 §3: request-line, Host first (RFC 9110 §7.2), then the fields.
    /// The client owns the framing: Content-Length is computed, never taken
    /// from the caller, and Transfer-Encoding is not sent.
    private func encode(_ method: HTTPMethod, _ endpoint: ClientEndpoint, headers: HTTPHeaders, body: Data) throws(HTTPClientError) -> [UInt8] {
        guard !method.rawValue.isEmpty, method.rawValue.utf8.allSatisfy(HTTPRequestDecoder.isTokenByte) else {
            throw HTTPClientError(.invalidRequest, "invalid method \(method)")
        }
        var head = "\(method.rawValue) \(endpoint.target) HTTP/1.1\r\nHost: \(headers["Host"] ?? endpoint.hostField)\r\n"
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy(HTTPRequestDecoder.isTokenByte) else {
                throw HTTPClientError(.invalidRequest, "invalid header field name \(name.debugDescription)")
            }
            // RFC 9110 §5.5: CR, LF and NUL in a value would split or corrupt the message.
            guard !value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else {
                throw HTTPClientError(.invalidRequest, "header \(name) has CR, LF or NUL in its value")
            }
            if ["Host", "Content-Length", "Transfer-Encoding"].contains(where: { $0.equalsIgnoringASCIICase(name) }) { continue }
            head += "\(name): \(value)\r\n"
        }
        if let userAgent = configuration.userAgent, !headers.contains("User-Agent") { head += "User-Agent: \(userAgent)\r\n" }
        // RFC 9110 §8.6: a request that normally has content says 0 when it is empty.
        if !body.isEmpty || [HTTPMethod.post, .put, .patch].contains(method) { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: body)
        return bytes
    }

    // MARK: - Pool

    private func takeIdle(_ endpoint: ClientEndpoint) -> Int32? {
        idle.withLock { $0[endpoint.poolKey]?.popLast() }
    }

    private func putIdle(_ fd: Int32, _ endpoint: ClientEndpoint) {
        let evicted: Int32? = idle.withLock { table in
            table[endpoint.poolKey, default: []].append(fd)
            guard table[endpoint.poolKey]!.count > configuration.maxIdleConnectionsPerEndpoint else { return nil }
            return table[endpoint.poolKey]!.removeFirst()
        }
        if let evicted { close(evicted) }
    }
}
