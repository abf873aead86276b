import Foundation
import Glibc

/// One client-side TCP connection, used by one exchange at a time on the
/// calling thread: writes a request, reads exactly one response (RFC 9112 §6.3
/// framing), and says whether the connection may carry another.
final class ClientConnection {
    let fd: Int32
    /// Reused from the pool rather than freshly connected.
    let wasReused: Bool
    private var buffer = ByteBuffer()
    /// Whether any byte of a response arrived: a reused connection that fails
    /// before this may be retried on a fresh one.
    private(set) var receivedAnyByte = false
    /// Whether the whole request was written.
    private(set) var requestWritten = false
    private var closed = false
    /// The TLS session for https; nil for plain http.
    private(set) var tls: TLSStream?

    init(fd: Int32, wasReused: Bool) {
        self.fd = fd
        self.wasReused = wasReused
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        if let tls { tls.close() } else { _ = Glibc.close(fd) }
    }

    /// Gives up ownership of the descriptor (it goes back to the pool).
    func detach() -> Int32 {
        closed = true
        return fd
    }

    /// Connects to `endpoint` within `timeoutSeconds` (non-blocking connect, then poll).
    static func connect(to endpoint: ClientEndpoint, timeoutSeconds: Double, tls: TLSClientContext? = nil) throws(HTTPClientError) -> ClientConnection {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw HTTPClientError(.connectFailed, "socket: \(String(cString: strerror(errno)))") }
        let connection = ClientConnection(fd: fd, wasReused: false)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = endpoint.port.bigEndian
        inet_pton(AF_INET, endpoint.address, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let place = "\(endpoint.address):\(endpoint.port)"
        if result != 0 {
            guard errno == EINPROGRESS else {
                throw HTTPClientError(.connectFailed, "connect to \(place): \(String(cString: strerror(errno)))")
            }
            var pollFD = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&pollFD, 1, Int32(max(1, timeoutSeconds * 1000)))
            guard ready > 0 else { throw HTTPClientError(.connectFailed, "connect to \(place) timed out after \(timeoutSeconds) s") }
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
            guard code == 0 else { throw HTTPClientError(.connectFailed, "connect to \(place): \(String(cString: strerror(code)))") }
        }
        // Back to blocking I/O; reads are bounded by poll, writes by SO_SNDTIMEO.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~Int32(O_NONBLOCK))
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        if endpoint.isSecure {
            guard let tls else { throw HTTPClientError(.invalidURL, "https needs a CA bundle (HTTPClient.Configuration.caBundlePath)") }
            // The handshake blocks; the socket timeouts bound it.
            Socket.setTimeout(fd, SO_RCVTIMEO, seconds: timeoutSeconds)
            Socket.setTimeout(fd, SO_SNDTIMEO, seconds: timeoutSeconds)
            do {
                connection.tls = try tls.connect(fd: fd, host: endpoint.host)
            } catch {
                throw HTTPClientError(.connectFailed, "\(error)")
            }
        }
        return connection
    }

    /// A tunnel through a forward proxy on loopback (RFC 9110 §9.3.6): a
    /// plain connection to `proxy`, `CONNECT host:443`, and once the proxy
    /// answers 2xx, TLS to `host` inside it (the certificate checked against
    /// `host`, as a client behind `HTTPS_PROXY` checks it).
    static func tunnel(
        through proxy: ClientEndpoint, to host: String, timeoutSeconds: Double, tls: TLSClientContext
    ) throws(HTTPClientError) -> ClientConnection {
        let connection = try connect(to: proxy, timeoutSeconds: timeoutSeconds)
        let deadline = ContinuousClock.now + .milliseconds(Int(timeoutSeconds * 1000))
        try connection.write(Array("CONNECT \(host):443 HTTP/1.1\r\nHost: \(host):443\r\n\r\n".utf8), until: deadline)
        let (status, _, _) = try connection.readHead(maxBytes: HTTPClient.Configuration().maxResponseHeadBytes, until: deadline)
        guard (200..<300).contains(status.code) else { throw HTTPClientError(.connectFailed, "the proxy refused CONNECT \(host):443 with \(status.code)") }
        guard connection.buffer.isEmpty else { throw HTTPClientError(.malformedResponse, "the proxy sent bytes after its CONNECT answer") }
        // The exchange that counts for retries starts inside the tunnel.
        connection.receivedAnyByte = false
        connection.requestWritten = false
        Socket.setTimeout(connection.fd, SO_RCVTIMEO, seconds: timeoutSeconds)
        Socket.setTimeout(connection.fd, SO_SNDTIMEO, seconds: timeoutSeconds)
        do {
            connection.tls = try tls.connect(fd: connection.fd, host: host)
        } catch {
            throw HTTPClientError(.connectFailed, "TLS to \(host) through the proxy: \(error)")
        }
        return connection
    }

    /// False when the server closed this idle connection (or sent something
    /// unasked): it must not carry a request.
    var isStillUsable: Bool {
        var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pollFD, 1, 0) == 0
    }

    func write(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws(HTTPClientError) {
        let remaining = try secondsLeft(until: deadline)
        Socket.setTimeout(fd, SO_SNDTIMEO, seconds: remaining)
        do {
            if let tls { try tls.write(bytes) } else { try bytes.withUnsafeBytes { try Socket.sendAll(fd, $0) } }
        } catch let error as SocketError where error.isTimeout {
            throw HTTPClientError(.timedOut, "sending the request did not finish in time")
        } catch {
            throw HTTPClientError(.connectionClosed, "sending the request failed: \(error)")
        }
        requestWritten = true
    }

    // MARK: - Response

    /// Reads one final response (interim 1xx responses are skipped). Returns it
    /// and whether the connection can be reused afterwards.
    func readResponse(
        to method: HTTPMethod, limits configuration: HTTPClient.Configuration, until deadline: ContinuousClock.Instant
    ) throws(HTTPClientError) -> (HTTPClientResponse, reusable: Bool) {
        while true {
            let (status, version, headers) = try readHead(maxBytes: configuration.maxResponseHeadBytes, until: deadline)
            // RFC 9110 §15.2: interim responses precede the final one; 101 would switch protocols.
            if (100..<200).contains(status.code) {
                guard status.code != 101 else { throw HTTPClientError(.malformedResponse, "the server switched protocols (101), which HTTPClient does not support") }
                continue
            }
            let connectionTokens = headers.tokens(for: "Connection")
            var reusable = version == .http11 ? !connectionTokens.contains("close") : connectionTokens.contains("keep-alive")
            let body: [UInt8]
            // RFC 9112 §6.3: how a response body's length is determined, in order.
            if method == .head || status.forbidsBody {
                body = []
            } else if headers.contains("Transfer-Encoding") {
                if headers.tokens(for: "Transfer-Encoding").last == "chunked" {
                    body = try readChunkedBody(max: configuration.maxResponseBodyBytes, until: deadline)
                } else {
                    // RFC 9112 §6.3 (4): not chunked-final, so the body runs to the close.
                    body = try readUntilClose(max: configuration.maxResponseBodyBytes, until: deadline)
                    reusable = false
                }
            } else if let length = try contentLength(headers) {
                guard length <= configuration.maxResponseBodyBytes else {
                    throw HTTPClientError(.responseTooLarge, "response body of \(length) bytes exceeds \(configuration.maxResponseBodyBytes)")
                }
                body = try readExactly(length, until: deadline)
            } else {
                // RFC 9112 §6.3 (8): no framing, so the body runs to the close.
                body = try readUntilClose(max: configuration.maxResponseBodyBytes, until: deadline)
                reusable = false
            }
            // Bytes nobody asked for mean the framing is not what it seemed: do not reuse.
            if !buffer.isEmpty { reusable = false }
            return (HTTPClientResponse(status: status, version: version, headers: headers, body: Data(body)), reusable)
        }
    }

    private func contentLength(_ headers: HTTPHeaders) throws(HTTPClientError) -> Int? {
        do {
            return try HTTPRequestDecoder.parseContentLength(headers.values(for: "Content-Length"))
        } catch {
            throw HTTPClientError(.malformedResponse, "\(error.reason): \(headers.values(for: "Content-Length"))")
        }
    }

    /// RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
    private func readHead(maxBytes: Int, until deadline: ContinuousClock.Instant) throws(HTTPClientError) -> (HTTPStatus, HTTPVersion, HTTPHeaders) {
        var budget = maxBytes
        let statusLine = try readLine(budget: &budget, until: deadline)
        guard statusLine.count >= 12, Array(statusLine[0..<5]) == Array("HTTP/".utf8), statusLine[6] == 46, statusLine[8] == 32,
            (48...57).contains(statusLine[5]), (48...57).contains(statusLine[7]),
            statusLine[9...11].allSatisfy({ (48...57).contains($0) }), statusLine.count == 12 || statusLine[12] == 32
        else {
            throw HTTPClientError(.malformedResponse, "not an HTTP status line: \(String(decoding: statusLine.prefix(80), as: UTF8.self))")
        }
        let version = HTTPVersion(major: Int(statusLine[5] - 48), minor: Int(statusLine[7] - 48))
        guard version.major == 1 else { throw HTTPClientError(.malformedResponse, "unsupported response version \(version)") }
        let code = statusLine[9...11].reduce(0) { $0 * 10 + Int($1 - 48) }
        let reason = statusLine.count > 13 ? String(decoding: statusLine[13...], as: UTF8.self) : ""
        var headers = HTTPHeaders()
        while true {
            let line = try readLine(budget: &budget, until: deadline)
            if line.isEmpty { break }
            do {
                let (name, value) = try HTTPRequestDecoder.parseFieldLine(line)
                headers.add(name, value)
            } catch {
                throw HTTPClientError(.malformedResponse, "bad header field: \(error.reason)")
            }
        }
        return (HTTPStatus(code, reason), version, headers)
    }

    /// RFC 9112 §7.1: chunks, the last-chunk, then a trailer section (read and dropped).
    private func readChunkedBody(max: Int, until deadline: ContinuousClock.Instant) throws(HTTPClientError) -> [UInt8] {
        var body: [UInt8] = []
        var budget = 64 * 1024
        while true {
            let line = try readLine(budget: &budget, until: deadline)
            let size: Int
            do { size = try HTTPRequestDecoder.parseChunkSize(line) } catch {
                throw HTTPClientError(.malformedResponse, "bad chunk size line: \(error.reason)")
            }
            if size == 0 { break }
            guard body.count + size <= max else { throw HTTPClientError(.responseTooLarge, "chunked response body exceeds \(max) bytes") }
            body += try readExactly(size, until: deadline)
            guard try readLine(budget: &budget, until: deadline).isEmpty else {
                throw HTTPClientError(.malformedResponse, "chunk data not followed by CRLF")
            }
            budget = 64 * 1024
        }
        while try !readLine(budget: &budget, until: deadline).isEmpty {}
        return body
    }

    private func readExactly(_ count: Int, until deadline: ContinuousClock.Instant) throws(HTTPClientError) -> [UInt8] {
        while buffer.readableCount < count {
            guard try fill(until: deadline) else {
                throw HTTPClientError(.connectionClosed, "the connection closed after \(buffer.readableCount) of \(count) body bytes")
            }
        }
        let bytes = Array(buffer.readableBytes.prefix(count))
        buffer.consume(count)
        return bytes
    }

    private func readUntilClose(max: Int, until deadline: ContinuousClock.Instant) throws(HTTPClientError) -> [UInt8] {
        while try fill(until: deadline) {
            guard buffer.readableCount <= max else { throw HTTPClientError(.responseTooLarge, "response body exceeds \(max) bytes") }
        }
        let bytes = Array(buffer.readableBytes)
        buffer.consume(bytes.count)
        return bytes
    }

    /// One line without its terminator. CRLF is the terminator; a bare LF is
    /// accepted too, as RFC 9112 §2.2 allows a recipient to.
    private func readLine(budget: inout Int, until deadline: ContinuousClock.Instant) throws(HTTPClientError) -> [UInt8] {
        var scanned = 0
        while true {
            let bytes = buffer.readableBytes
            if let newline = bytes.dropFirst(scanned).firstIndex(of: 10) {
                let length = newline - bytes.startIndex
                guard length + 1 <= budget else { throw HTTPClientError(.malformedResponse, "response head or chunk line too long") }
                budget -= length + 1
                var line = Array(bytes.prefix(length))
                if line.last == 13 { line.removeLast() }
                buffer.consume(length + 1)
                return line
            }
            scanned = bytes.count
            guard scanned <= budget else { throw HTTPClientError(.malformedResponse, "response head or chunk line too long") }
            guard try fill(until: deadline) else {
                throw HTTPClientError(
                    .connectionClosed,
                    receivedAnyByte ? "the connection closed in the middle of the response" : "the server closed the connection without answering")
            }
        }
    }

    /// Reads more bytes into the buffer; false at end of stream.
    private func fill(until deadline: ContinuousClock.Instant) throws(HTTPClientError) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let remaining = try secondsLeft(until: deadline)
            var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            // Bytes OpenSSL already decrypted do not show on the socket.
            while (tls?.pendingBytes ?? 0) == 0 {
                let ready = poll(&pollFD, 1, Int32(min(remaining * 1000 + 1, Double(Int32.max))))
                if ready < 0 && errno == EINTR { continue }
                guard ready > 0 else { throw HTTPClientError(.timedOut, "no complete response in time") }
                break
            }
            let count: Int
            do {
                if let tls {
                    Socket.setTimeout(fd, SO_RCVTIMEO, seconds: remaining)
                    count = try chunk.withUnsafeMutableBytes { try tls.read(into: $0) }
                } else {
                    count = try chunk.withUnsafeMutableBytes { try Socket.receive(fd, into: $0) }
                }
            } catch let error as SocketError where tls != nil && error.isTimeout {
                // TLS: the readable bytes were a record with no application data
                // (a TLS 1.3 session ticket, say). Wait for more, within the deadline.
                continue
            } catch {
                throw HTTPClientError(.connectionClosed, receivedAnyByte ? "reading the response failed: \(error)" : "the server reset the connection without answering: \(error)")
            }
            guard count > 0 else { return false }
            receivedAnyByte = true
            buffer.append(chunk[0..<count])
            return true
        }
    }

    private func secondsLeft(until deadline: ContinuousClock.Instant) throws(HTTPClientError) -> Double {
        let left = deadline - ContinuousClock.now
        guard left > .zero else { throw HTTPClientError(.timedOut, "no complete response in time") }
        let (seconds, attoseconds) = left.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
