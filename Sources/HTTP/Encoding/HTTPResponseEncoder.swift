import Foundation

/// Serialises a response head and body for the wire (RFC 9112 §4, §6).
/// The encoder owns framing: it always writes `Content-Length` (or none for
/// statuses that forbid a body) and the `Connection` decision, whatever the
/// handler put in those headers.
public enum HTTPResponseEncoder {
    /// Header names the encoder decides itself.
    static let framingHeaders = ["Content-Length", "Transfer-Encoding", "Connection"]

    /// The bytes to send. For HEAD the head is written as for GET, with no body
    /// (RFC 9110 §9.3.2).
    public static func encode(
        _ response: HTTPResponse, for method: HTTPMethod, version: HTTPVersion = .http11, keepAlive: Bool, date: String
    ) -> [UInt8] {
        let sendsBody = method != .head && !response.status.forbidsBody
        // Bytes appended straight into one buffer sized up front: building the
        // head as a String first cost a measurable share of each request.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128 + response.headers.count * 64 + (sendsBody ? response.body.count : 0))
        bytes.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(response.status.code, to: &bytes)
        bytes.append(32)
        bytes.append(contentsOf: response.status.reasonPhrase.utf8)
        bytes.append(contentsOf: crlf)
        var hasDate = false
        for (name, value) in response.headers {
            if framingHeaders.contains(where: { $0.equalsIgnoringASCIICase(name) }) { continue }
            if name.equalsIgnoringASCIICase("Date") { hasDate = true }
            appendField(name, value, to: &bytes)
        }
        if !hasDate { appendField("Date", date, to: &bytes) }
        if !response.status.forbidsBody {
            bytes.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(response.body.count, to: &bytes)
            bytes.append(contentsOf: crlf)
        }
        if !keepAlive {
            bytes.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version == .http10 {
            bytes.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        bytes.append(contentsOf: crlf)
        if sendsBody {
            bytes.append(contentsOf: response.body)
        }
        return bytes
    }

    private static let crlf: [UInt8] = [13, 10]

    private static func appendField(_ name: String, _ value: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: name.utf8)
        bytes.append(58)
        bytes.append(32)
        bytes.append(contentsOf: value.utf8)
        bytes.append(contentsOf: crlf)
    }

    /// A non-negative integer in decimal, without going through String.
    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        precondition(value >= 0, "negative length or status")
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(48 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// The interim response asking a client to send its body.
    public static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The answer to a request that could not be framed; the connection closes after it.
    /// A refusal as `handler` shapes it; the connection closes after it.
    public static func encode(_ error: HTTPDecodingError, by handler: any HTTPHandler, date: String) -> [UInt8] {
        encode(handler.refusal(error), for: .get, keepAlive: false, date: date)
    }
}
