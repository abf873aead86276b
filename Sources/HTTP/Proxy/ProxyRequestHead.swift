/// The head of a request to a forward proxy (RFC 9110 §9.3.6, RFC 9112
/// §3.2.2–3.2.3): `CONNECT host:port HTTP/1.1` to open a tunnel, or a
/// request in absolute-form (`GET http://host/path HTTP/1.1`) for the proxy
/// to forward. Pure: bytes in, a head (and how many bytes it took) out, so
/// it can be fuzzed alone.
public struct ProxyRequestHead: Sendable, Equatable {
    public let method: String
    public let destination: ProxyDestination
    /// CONNECT: nil. Absolute-form: the origin-form target (`/path?query`).
    public let originTarget: String?
    public let headers: [(name: String, value: String)]

    public var isConnect: Bool { originTarget == nil }

    public static func == (lhs: ProxyRequestHead, rhs: ProxyRequestHead) -> Bool {
        lhs.method == rhs.method && lhs.destination == rhs.destination && lhs.originTarget == rhs.originTarget
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    /// The longest head accepted (request line and headers).
    public static let maximumHeadBytes = 16 * 1024
    /// The longest request line accepted; longer is `414`, as an origin server answers a URI it will not read.
    public static let maximumRequestLineBytes = 8 * 1024

    public enum Parse: Sendable, Equatable {
        case needMoreData
        case head(ProxyRequestHead, consumed: Int)
    }

    /// Why the head is refused, with the status a proxy answers.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let status: Int
        public let reason: String
        public var description: String { "\(status): \(reason)" }
    }

    public static func parse(_ bytes: [UInt8]) throws(Failure) -> Parse {
        if tooLongRequestLine(bytes) { throw Failure(status: 414, reason: "request line exceeds \(maximumRequestLineBytes) bytes") }
        guard let end = headEnd(bytes) else {
            if bytes.count > maximumHeadBytes { throw Failure(status: 431, reason: "request head exceeds \(maximumHeadBytes) bytes") }
            // Bytes that can never be a request head (a TLS ClientHello sent
            // without CONNECT, say) fail at once instead of waiting for a blank line.
            if bytes.contains(where: { ($0 < 0x20 && $0 != 0x0D && $0 != 0x0A && $0 != 0x09) || $0 == 0x7F }) {
                throw Failure(status: 400, reason: "control character in the request head")
            }
            return .needMoreData
        }
        guard end <= maximumHeadBytes else { throw Failure(status: 431, reason: "request head exceeds \(maximumHeadBytes) bytes") }
        guard let text = String(validating: bytes[..<end], as: UTF8.self) else { throw Failure(status: 400, reason: "request head is not UTF-8") }
        // "\r\n" is one Character in Swift: split on it and on a bare LF alike.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\r\n" || $0 == "\n" })
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first else { throw Failure(status: 400, reason: "empty request") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw Failure(status: 400, reason: "malformed request line") }
        let method = String(parts[0])
        let target = String(parts[1])
        guard parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else { throw Failure(status: 505, reason: "unsupported HTTP version \(parts[2])") }
        guard !method.isEmpty, method.allSatisfy({ $0.isASCII && ($0.isUppercase || $0 == "-" || $0 == "_") }) else {
            throw Failure(status: 400, reason: "malformed method")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw Failure(status: 400, reason: "header line without a colon") }
            let name = line[..<colon]
            // RFC 9112 §5.1: no whitespace between the field name and the colon.
            guard !name.isEmpty, !name.contains(" "), !name.contains("\t") else { throw Failure(status: 400, reason: "malformed header name") }
            headers.append((String(name), line[line.index(after: colon)...].trimmingSpaces()))
        }
        if method == "CONNECT" {
            // RFC 9112 §3.2.3: authority-form, the port required.
            guard let destination = ProxyDestination.parse(authority: target, defaultPort: nil) else {
                throw Failure(status: 400, reason: "CONNECT needs host:port, got \(target)")
            }
            return .head(ProxyRequestHead(method: method, destination: destination, originTarget: nil, headers: headers), consumed: end)
        }
        // RFC 9112 §3.2.2: a proxy is sent absolute-form.
        guard target.lowercased().hasPrefix("http://") else {
            throw Failure(status: 400, reason: "a forward proxy needs an absolute http:// URL or CONNECT, got \(target)")
        }
        let afterScheme = target.dropFirst("http://".count)
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" } ?? afterScheme.endIndex
        guard let destination = ProxyDestination.parse(authority: String(afterScheme[..<authorityEnd]), defaultPort: 80) else {
            throw Failure(status: 400, reason: "malformed host in \(target)")
        }
        var origin = String(afterScheme[authorityEnd...])
        if !origin.hasPrefix("/") { origin = "/" + origin }
        return .head(ProxyRequestHead(method: method, destination: destination, originTarget: origin, headers: headers), consumed: end)
    }

    /// Whether the request line (up to its LF, or all the bytes while none has come) is over the limit.
    private static func tooLongRequestLine(_ bytes: [UInt8]) -> Bool {
        let lineEnd = bytes.prefix(maximumRequestLineBytes + 2).firstIndex(of: 0x0A) ?? bytes.count
        let line = bytes[..<lineEnd]
        return (line.last == 0x0D ? line.count - 1 : line.count) > maximumRequestLineBytes
    }

    /// The offset just past the blank line ending the head (CRLF CRLF, or LF LF as RFC 9112 §2.2 tolerates).
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { return index + 2 }
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A { return index + 3 }
            }
            index += 1
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
