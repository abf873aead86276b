import FakeKit
import HTTP

/// The PRM API's one error shape: `{"error":{"status","code","message","field"}}`.
public struct PRMError: HTTPResponseError, Equatable, CustomStringConvertible {
    public let status: HTTPStatus
    public let code: String
    public let message: String
    public let field: String?

    public init(_ status: HTTPStatus, _ code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public var response: HTTPResponse {
        let body = OrderedJSON.object([
            ("error", .object([
                ("status", .value(.int(status.code))), ("code", .value(.string(code))), ("message", .value(.string(message))),
                ("field", .value(field.map(JSONValue.string) ?? .null)),
            ]))
        ])
        return .json(status, data: body.serialized())
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// `429 rate_limited` with `Retry-After` and the quota headers: the PRM's
    /// own rate limiter and a throttle fault answer alike.
    static func rateLimited(_ message: String, limit: Int, resetSeconds: Int, retryAfterSeconds: Int) -> HTTPResponse {
        var response = PRMError(.tooManyRequests, "rate_limited", message).response
        response.headers["Retry-After"] = String(retryAfterSeconds)
        setRateLimitHeaders(&response, limit: limit, remaining: 0, resetSeconds: resetSeconds)
        return response
    }

    /// `X-RateLimit-Limit`, `-Remaining` and `-Reset` (seconds until the window resets), on every API answer.
    static func setRateLimitHeaders(_ response: inout HTTPResponse, limit: Int, remaining: Int, resetSeconds: Int) {
        response.headers["X-RateLimit-Limit"] = String(limit)
        response.headers["X-RateLimit-Remaining"] = String(remaining)
        response.headers["X-RateLimit-Reset"] = String(resetSeconds)
    }

    static func notFound(_ what: String) -> PRMError { PRMError(.notFound, "not_found", "No \(what) with that id.") }

    /// The store's refusal in the PRM's words.
    init(_ error: StoreError) {
        switch error {
        case .unknownObject(let name): self.init(.notFound, "not_found", "Unknown object \(name).")
        case .unknownField(_, let field): self.init(.badRequest, "unknown_field", "Unknown field '\(field)'.", field: field)
        case .notFound: self = .notFound("record")
        case .requiredFieldMissing(_, let fields):
            self.init(.unprocessableContent, "required", "Required: \(fields.joined(separator: ", ")).", field: fields.first)
        case .duplicateValue(let field, let existing):
            self.init(.conflict, "duplicate", "Another record (\(existing)) already has this \(field).", field: field)
        case .invalidReference(let field, let value, _):
            self.init(.unprocessableContent, "invalid_reference", "\(field) does not name an existing record: \(value).", field: field)
        case .invalidValue(let field, let type, let value, let reason):
            self.init(.unprocessableContent, "invalid_value", "\(field) must be a \(type.rawValue) (\(reason)): \(value).", field: field)
        case .valueTooLong(let field, let max, _):
            self.init(.unprocessableContent, "too_long", "\(field) is longer than \(max) characters.", field: field)
        case .invalidPicklistValue(let field, let value):
            self.init(.unprocessableContent, "invalid_choice", "'\(value)' is not an allowed value of \(field).", field: field)
        case .numberOutOfRange(let field, let value):
            self.init(.unprocessableContent, "out_of_range", "\(field) is out of range: \(value).", field: field)
        case .invalidEmail(let field, let value):
            self.init(.unprocessableContent, "invalid_email", "\(field) is not an email address: \(value).", field: field)
        case .notWritable(let field, _): self.init(.badRequest, "read_only", "\(field) is read-only.", field: field)
        case .validationRuleFailed(_, let message, let field): self.init(.unprocessableContent, "rule_failed", message, field: field)
        case .entityIsDeleted: self.init(.gone, "deleted", "The record was deleted.")
        case .invalidRecordType(let value): self.init(.unprocessableContent, "invalid_value", "Unknown record type \(value).")
        }
    }
}
