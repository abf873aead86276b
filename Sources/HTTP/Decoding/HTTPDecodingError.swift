/// Why a request could not be framed. Every case is answered with its status
/// and the connection is closed: after a framing error the next message's
/// start cannot be found safely (RFC 9112 §6.3, request smuggling).
public struct HTTPDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public let status: HTTPStatus
    public let reason: String

    public init(_ status: HTTPStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }

    public var description: String { "\(status.code) \(status.reasonPhrase): \(reason)" }

    static func bad(_ reason: String) -> HTTPDecodingError { HTTPDecodingError(.badRequest, reason) }
    static func tooLarge(_ reason: String) -> HTTPDecodingError { HTTPDecodingError(.requestHeaderFieldsTooLarge, reason) }
}
