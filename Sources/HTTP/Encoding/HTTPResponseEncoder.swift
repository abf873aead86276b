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
        var head = "HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n"
        var hasDate = false
        for (name, value) in response.headers {
            if framingHeaders.contains(where: { $0.equalsIgnoringASCIICase(name) }) { continue }
            if name.equalsIgnoringASCIICase("Date") { hasDate = true }
            head += "\(name): \(value)\r\n"
        }
        if !hasDate { head += "Date: \(date)\r\n" }
        if !response.status.forbidsBody {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        if !keepAlive {
            head += "Connection: close\r\n"
        } else if version == .http10 {
            head += "Connection: keep-alive\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if method != .head && !response.status.forbidsBody {
            bytes.append(contentsOf: response.body)
        }
        return bytes
    }

    /// The interim response asking a client to send its body.
    public static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The answer to a request that could not be framed; the connection closes after it.
    public static func encode(_ error: HTTPDecodingError, date: String) -> [UInt8] {
        let response = HTTPResponse.text(error.status, "\(error.status.reasonPhrase): \(error.reason)\n")
        return encode(response, for: .get, keepAlive: false, date: date)
    }
}
