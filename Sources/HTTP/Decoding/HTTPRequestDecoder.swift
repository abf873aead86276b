import Foundation

/// Turns bytes into requests, one at a time, strictly by RFC 9112.
///
/// Call `decode(_:)` whenever bytes arrive. It consumes a whole request from
/// the buffer and returns it, or says it needs more; pipelined requests stay in
/// the buffer for the next call. Any framing error is thrown at the first byte
/// that proves it, so a TLS ClientHello on a plain port or a garbage line fails
/// at once instead of waiting for a CRLF that never comes.
public struct HTTPRequestDecoder: Sendable {
    public enum Event: Sendable {
        /// Not enough bytes yet.
        case needMoreData
        /// The head is complete and the client waits for `100 Continue`
        /// before sending its body (RFC 9110 §10.1.1).
        case expectsContinue
        /// A complete request.
        case request(HTTPRequest)
    }

    struct Head: Sendable {
        var method: HTTPMethod
        var target: String
        var version: HTTPVersion
        var headers: HTTPHeaders
    }

    enum State: Sendable {
        case head
        case fixedBody(Head, length: Int)
        case chunkSize(Head, body: [UInt8])
        case chunkData(Head, body: [UInt8], remaining: Int)
        case chunkDataEnd(Head, body: [UInt8])
        case trailers(Head, body: [UInt8], trailerBytes: Int, trailerCount: Int)
    }

    /// How far an incomplete head has been parsed: its complete lines are not
    /// parsed again when more bytes arrive. Without this, a head delivered in
    /// small pieces was rescanned from its start on every arrival (quadratic;
    /// the fuzzer's byte-at-a-time delivery made it plain).
    struct HeadProgress: Sendable {
        /// Offset (from the buffer's read index) of the first line not yet complete.
        var offset = 0
        var requestLine: (method: HTTPMethod, target: String, version: HTTPVersion)?
        var headers = HTTPHeaders()
        var headerBytes = 0
    }

    public let limits: HTTPLimits
    private var state: State = .head
    private var progress = HeadProgress()

    public init(limits: HTTPLimits = HTTPLimits()) { self.limits = limits }

    /// True while part of a request has been consumed and the rest is awaited.
    public var isMidRequest: Bool {
        if case .head = state { return false }
        return true
    }

    public mutating func decode(_ buffer: inout ByteBuffer) throws(HTTPDecodingError) -> Event {
        while true {
            switch state {
            case .head:
                guard let (head, consumed) = try parseHead(buffer) else { return .needMoreData }
                progress = HeadProgress()
                buffer.consume(consumed)
                let framing = try bodyFraming(of: head)
                switch framing {
                case .none:
                    return .request(makeRequest(head, body: []))
                case .length(let length):
                    state = .fixedBody(head, length: length)
                case .chunked:
                    state = .chunkSize(head, body: [])
                }
                // RFC 9110 §10.1.1: ask for the body only if it is not already here.
                if expectsContinue(head), buffer.isEmpty {
                    return .expectsContinue
                }

            case .fixedBody(let head, let length):
                guard buffer.readableCount >= length else { return .needMoreData }
                let body = Array(buffer.readableBytes.prefix(length))
                buffer.consume(length)
                state = .head
                return .request(makeRequest(head, body: body))

            case .chunkSize(let head, let body):
                // RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
                guard let (line, consumed) = try takeLine(buffer, limit: limits.maxChunkLineBytes, tooLong: .bad("chunk line too long")) else {
                    return .needMoreData
                }
                let size = try Self.parseChunkSize(line)
                buffer.consume(consumed)
                if size == 0 {
                    state = .trailers(head, body: body, trailerBytes: 0, trailerCount: 0)
                } else {
                    guard body.count + size <= limits.maxBodyBytes else {
                        throw HTTPDecodingError(.contentTooLarge, "chunked body exceeds \(limits.maxBodyBytes) bytes")
                    }
                    state = .chunkData(head, body: body, remaining: size)
                }

            case .chunkData(let head, var body, let remaining):
                guard !buffer.isEmpty else { return .needMoreData }
                let take = min(remaining, buffer.readableCount)
                body.append(contentsOf: buffer.readableBytes.prefix(take))
                buffer.consume(take)
                state = take == remaining ? .chunkDataEnd(head, body: body) : .chunkData(head, body: body, remaining: remaining - take)

            case .chunkDataEnd(let head, let body):
                // RFC 9112 §7.1: chunk-data is followed by exactly CRLF.
                guard buffer.readableCount >= 2 else {
                    if buffer.readableCount == 1, buffer[0] != 13 { throw .bad("chunk data not followed by CRLF") }
                    return .needMoreData
                }
                guard buffer[0] == 13, buffer[1] == 10 else { throw .bad("chunk data not followed by CRLF") }
                buffer.consume(2)
                state = .chunkSize(head, body: body)

            case .trailers(let head, let body, let trailerBytes, let trailerCount):
                // RFC 9112 §7.1.2: a trailer section of field lines, then CRLF.
                // Trailers are read and checked but not merged into the headers.
                let remainingBudget = limits.maxHeaderBytes - trailerBytes
                guard let (line, consumed) = try takeLine(buffer, limit: max(remainingBudget, 0), tooLong: .tooLarge("trailer section too large")) else {
                    return .needMoreData
                }
                buffer.consume(consumed)
                if line.isEmpty {
                    state = .head
                    return .request(makeRequest(head, body: body))
                }
                _ = try Self.parseFieldLine(line)
                guard trailerCount + 1 <= limits.maxHeaderCount else { throw .tooLarge("too many trailer fields") }
                state = .trailers(head, body: body, trailerBytes: trailerBytes + consumed, trailerCount: trailerCount + 1)
            }
        }
    }

    // MARK: - Head

    /// Parses the request line and header section if all of it has arrived.
    /// Returns nil when more bytes are needed; throws as soon as the bytes
    /// already received cannot begin a valid head.
    private mutating func parseHead(_ buffer: ByteBuffer) throws(HTTPDecodingError) -> (Head, Int)? {
        if progress.requestLine == nil {
            var offset = 0
            // RFC 9112 §2.2: a server SHOULD ignore at least one empty line (CRLF)
            // received before the request-line.
            var skipped = 0
            while offset + 1 < buffer.readableCount, buffer[offset] == 13, buffer[offset + 1] == 10, skipped < 8 {
                offset += 2
                skipped += 1
            }
            let lineStart = offset
            guard let lineEnd = try scanRequestLine(buffer, from: lineStart) else { return nil }
            let requestLine = Array(buffer.readableBytes.dropFirst(lineStart).prefix(lineEnd - lineStart))
            progress.requestLine = try parseRequestLine(requestLine)
            progress.offset = lineEnd + 2
        }

        while true {
            let start = progress.offset
            let remaining = limits.maxHeaderBytes - progress.headerBytes
            var index = start
            var found = false
            while index < buffer.readableCount {
                let byte = buffer[index]
                if byte == 10 {
                    // RFC 9112 §2.2: we do not accept a bare LF as a line
                    // terminator; lenient parsers disagreeing on it is a
                    // smuggling vector.
                    throw .bad("bare LF in header section")
                }
                if byte == 13 {
                    guard index + 1 < buffer.readableCount else { break }
                    // RFC 9112 §2.2: a bare CR is invalid.
                    guard buffer[index + 1] == 10 else { throw .bad("bare CR in header section") }
                    found = true
                    break
                }
                if byte == 0 || (byte < 32 && byte != 9) || byte == 127 {
                    throw .bad("control character in header section")
                }
                index += 1
                if index - start > remaining { throw .tooLarge("header section exceeds \(limits.maxHeaderBytes) bytes") }
            }
            if !found {
                if index - start > remaining { throw .tooLarge("header section exceeds \(limits.maxHeaderBytes) bytes") }
                return nil
            }
            let line = Array(buffer.readableBytes.dropFirst(start).prefix(index - start))
            progress.offset = index + 2
            if line.isEmpty { break }
            progress.headerBytes += line.count + 2
            guard progress.headerBytes <= limits.maxHeaderBytes else { throw .tooLarge("header section exceeds \(limits.maxHeaderBytes) bytes") }
            guard progress.headers.count < limits.maxHeaderCount else { throw .tooLarge("more than \(limits.maxHeaderCount) header fields") }
            let (name, value) = try Self.parseFieldLine(line)
            progress.headers.add(name, value)
        }
        let (method, target, version) = progress.requestLine!
        return (Head(method: method, target: target, version: version, headers: progress.headers), progress.offset)
    }

    /// Finds the CRLF ending the request line, validating every byte on the way
    /// so that a line that can never become valid fails immediately.
    private func scanRequestLine(_ buffer: ByteBuffer, from start: Int) throws(HTTPDecodingError) -> Int? {
        var index = start
        var spaces = 0
        while index < buffer.readableCount {
            let byte = buffer[index]
            if byte == 13 {
                guard index + 1 < buffer.readableCount else { return nil }
                guard buffer[index + 1] == 10 else { throw .bad("bare CR in request line") }
                return index
            }
            if byte == 10 { throw .bad("bare LF in request line") }
            if byte == 32 {
                spaces += 1
                // RFC 9112 §3: exactly two single spaces separate the three parts.
                if spaces > 2 || index == start || buffer[index - 1] == 32 { throw .bad("malformed request line") }
            } else if spaces == 0 {
                // RFC 9110 §9.1: method = token
                guard Self.isTokenByte(byte) else { throw .bad("invalid character in method") }
            } else if byte <= 32 || byte >= 127 {
                // RFC 9112 §3.2: the request-target has no whitespace, controls or raw non-ASCII.
                throw .bad("invalid character in request line")
            }
            index += 1
            if index - start > limits.maxRequestLineBytes {
                // RFC 9112 §3: 414 for a request-target that is too long, as
                // Salesforce and nginx answer; the line is refused, not truncated.
                throw HTTPDecodingError(.uriTooLong, "request line exceeds \(limits.maxRequestLineBytes) bytes")
            }
        }
        return nil
    }

    private func parseRequestLine(_ line: [UInt8]) throws(HTTPDecodingError) -> (HTTPMethod, String, HTTPVersion) {
        let parts = line.split(separator: 32, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else { throw .bad("malformed request line") }
        let method = HTTPMethod(String(decoding: parts[0], as: UTF8.self))
        var target = String(decoding: parts[1], as: UTF8.self)
        let version = try parseVersion(parts[2])

        // RFC 9112 §3.2: origin-form, absolute-form, authority-form (CONNECT) or asterisk-form (OPTIONS).
        if target.hasPrefix("/") {
            // origin-form
        } else if target == "*" {
            guard method == .options else { throw .bad("asterisk-form target is only for OPTIONS") }
        } else if let schemeEnd = target.range(of: "://"), ["http", "https"].contains(target[..<schemeEnd.lowerBound].lowercased()) {
            // RFC 9112 §3.2.2: a server MUST accept the absolute-form; we route on its path.
            let afterAuthority = target[schemeEnd.upperBound...]
            target = afterAuthority.firstIndex(of: "/").map { String(afterAuthority[$0...]) } ?? "/"
        } else {
            throw .bad("malformed request target")
        }
        return (method, target, version)
    }

    private func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPDecodingError) -> HTTPVersion {
        // RFC 9112 §2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT (case-sensitive).
        let b = Array(bytes)
        guard b.count == 8, b[0] == 72, b[1] == 84, b[2] == 84, b[3] == 80, b[4] == 47, b[6] == 46,
            (48...57).contains(b[5]), (48...57).contains(b[7])
        else { throw .bad("malformed HTTP version") }
        let version = HTTPVersion(major: Int(b[5] - 48), minor: Int(b[7] - 48))
        guard version == .http11 || version == .http10 else {
            throw HTTPDecodingError(.httpVersionNotSupported, "\(version) is not supported")
        }
        return version
    }

    /// RFC 9112 §5: field-line = field-name ":" OWS field-value OWS
    static func parseFieldLine(_ line: [UInt8]) throws(HTTPDecodingError) -> (String, String) {
        // RFC 9112 §5.2: obsolete line folding is rejected with 400.
        if line.first == 32 || line.first == 9 { throw .bad("obsolete line folding") }
        guard let colon = line.firstIndex(of: 58) else { throw .bad("header field without a colon") }
        guard colon > 0 else { throw .bad("empty header field name") }
        for byte in line[..<colon] {
            // RFC 9112 §5.1: no whitespace is allowed between the field name
            // and the colon; a server MUST reject it with 400.
            guard Self.isTokenByte(byte) else { throw .bad("invalid character in header field name") }
        }
        var valueStart = colon + 1
        var valueEnd = line.count
        while valueStart < valueEnd, line[valueStart] == 32 || line[valueStart] == 9 { valueStart += 1 }
        while valueEnd > valueStart, line[valueEnd - 1] == 32 || line[valueEnd - 1] == 9 { valueEnd -= 1 }
        // Control characters were already refused while scanning (RFC 9110 §5.5).
        return (String(decoding: line[..<colon], as: UTF8.self), String(decoding: line[valueStart..<valueEnd], as: UTF8.self))
    }

    // MARK: - Body framing

    enum BodyFraming { case none, length(Int), chunked }

    /// RFC 9112 §6.3: how the body's length is determined.
    private func bodyFraming(of head: Head) throws(HTTPDecodingError) -> BodyFraming {
        // RFC 9112 §3.2: a 1.1 request must carry exactly one Host field.
        if head.version == .http11 {
            let hosts = head.headers.values(for: "Host")
            guard hosts.count == 1 else { throw .bad(hosts.isEmpty ? "missing Host header" : "more than one Host header") }
        }
        if let expect = head.headers["Expect"], !expect.trimmingASCIIWhitespace().equalsIgnoringASCIICase("100-continue") {
            // RFC 9110 §10.1.1: an unknown expectation MAY be answered with 417.
            throw HTTPDecodingError(.expectationFailed, "unsupported expectation \(expect)")
        }
        let lengths = head.headers.values(for: "Content-Length")
        if head.headers.contains("Transfer-Encoding") {
            let transferCodings = head.headers.tokens(for: "Transfer-Encoding")
            // RFC 9112 §6.1: both present is a smuggling attempt; we reject it.
            guard lengths.isEmpty else { throw .bad("both Content-Length and Transfer-Encoding") }
            // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request means faulty framing.
            guard head.version == .http11 else { throw .bad("Transfer-Encoding in an HTTP/1.0 request") }
            // RFC 9112 §6.3 (4): chunked must be the final coding of a request.
            guard transferCodings.last == "chunked" else { throw .bad("chunked is not the final transfer coding") }
            // RFC 9112 §6.1: chunked applied only once.
            guard transferCodings.filter({ $0 == "chunked" }).count == 1 else { throw .bad("chunked applied more than once") }
            // RFC 9112 §6.1: an unknown transfer coding SHOULD get 501.
            if transferCodings.count > 1 {
                throw HTTPDecodingError(.notImplemented, "unsupported transfer coding \(transferCodings[0])")
            }
            return .chunked
        }
        guard let length = try Self.parseContentLength(lengths) else { return .none }
        guard length <= limits.maxBodyBytes else {
            throw HTTPDecodingError(.contentTooLarge, "body of \(length) bytes exceeds \(limits.maxBodyBytes)")
        }
        return length == 0 ? .none : .length(length)
    }

    /// The length the `Content-Length` field values give, nil when there is none.
    /// RFC 9112 §6.3 (5): a list of identical lengths may be read as one;
    /// anything else, or a non-numeric value, is unrecoverable.
    static func parseContentLength(_ values: [String]) throws(HTTPDecodingError) -> Int? {
        guard !values.isEmpty else { return nil }
        var value: Int?
        for element in values.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let digits = element.trimmingASCIIWhitespace()
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw .bad("invalid Content-Length")
            }
            // Very long digit strings are over any cap: 413, not an overflow.
            let parsed = digits.count > 18 ? Int.max : Int(digits)!
            if let value, value != parsed { throw .bad("conflicting Content-Length values") }
            value = parsed
        }
        guard let value else { throw .bad("invalid Content-Length") }
        return value
    }

    private func expectsContinue(_ head: Head) -> Bool {
        head.version == .http11 && head.headers["Expect"] != nil
    }

    /// RFC 9112 §7.1: chunk-size = 1*HEXDIG; chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
    static func parseChunkSize(_ line: [UInt8]) throws(HTTPDecodingError) -> Int {
        var size = 0
        var digits = 0
        var index = 0
        while index < line.count, let digit = Self.hexValue(line[index]) {
            digits += 1
            // More than 15 hex digits cannot fit the cap; refuse before overflow.
            guard digits <= 15 else { throw HTTPDecodingError(.contentTooLarge, "chunk size too large") }
            size = size * 16 + digit
            index += 1
        }
        guard digits > 0 else { throw .bad("invalid chunk size") }
        if index < line.count {
            // Only extensions may follow the size; they are ignored.
            var rest = line[index...].drop { $0 == 32 || $0 == 9 }
            guard rest.first == 59 else { throw .bad("invalid chunk size") }
            rest = rest.dropFirst()
            // RFC 9112 §7.1.1: chunk-ext-val = token / quoted-string. Outside
            // quotes only token characters, "=", ";" and BWS; inside, any
            // qdtext or quoted-pair (RFC 9110 §5.6.4), so `;n="a, b"` is valid.
            var quoted = false
            var escaped = false
            for byte in rest {
                if quoted {
                    if escaped { escaped = false } else if byte == 92 { escaped = true } else if byte == 34 { quoted = false }
                } else if byte == 34 {
                    quoted = true
                } else if !(Self.isTokenByte(byte) || byte == 61 || byte == 59 || byte == 32 || byte == 9) {
                    throw .bad("invalid chunk extension")
                }
            }
            guard !quoted else { throw .bad("unterminated quoted chunk extension") }
        }
        return size
    }

    /// A CRLF-terminated line (without the CRLF) and the bytes it spans.
    private func takeLine(_ buffer: ByteBuffer, limit: Int, tooLong: HTTPDecodingError) throws(HTTPDecodingError) -> ([UInt8], Int)? {
        var index = 0
        while index < buffer.readableCount {
            let byte = buffer[index]
            if byte == 13 {
                guard index + 1 < buffer.readableCount else { return nil }
                guard buffer[index + 1] == 10 else { throw .bad("bare CR") }
                return (Array(buffer.readableBytes.prefix(index)), index + 2)
            }
            if byte == 10 { throw .bad("bare LF") }
            if byte == 0 || (byte < 32 && byte != 9) || byte == 127 { throw .bad("control character") }
            index += 1
            if index > limit { throw tooLong }
        }
        return nil
    }

    private func makeRequest(_ head: Head, body: [UInt8]) -> HTTPRequest {
        HTTPRequest(method: head.method, target: head.target, version: head.version, headers: head.headers, body: Data(body))
    }

    /// RFC 9110 §5.6.2: tchar
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true
        case 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: true
        default: false
        }
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 48...57: Int(byte - 48)
        case 65...70: Int(byte - 55)
        case 97...102: Int(byte - 87)
        default: nil
        }
    }
}
