import FakeKit
import Foundation
import HTTP

/// An error as the Dataverse Web API answers it:
/// `{"error":{"code":"0x80040217","message":"…"}}`, the code the platform's
/// error number in hex (web service error codes), the status chosen by kind.
public struct DynamicsError: HTTPResponseError, Equatable, CustomStringConvertible {
    public let status: HTTPStatus
    public let code: String
    public let message: String

    public init(_ status: HTTPStatus, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public var response: HTTPResponse {
        let body = OrderedJSON.object([("error", .object([("code", .value(.string(code))), ("message", .value(.string(message)))]))])
        var response = HTTPResponse.json(status, data: body.serialized())
        response.headers["Content-Type"] = "application/json; odata.metadata=minimal"
        response.headers["OData-Version"] = "4.0"
        return response
    }

    // MARK: the platform's errors, by name

    /// `ObjectDoesNotExist`.
    static func notFound(_ entity: String, id: String) -> DynamicsError {
        DynamicsError(.notFound, "0x80040217", "Entity '\(entity)' With Id = \(id) Does Not Exist")
    }

    /// A key lookup that matched no row.
    static func notFound(_ entity: String, key: String) -> DynamicsError {
        DynamicsError(.notFound, "0x80040217", "A record with the specified key values does not exist in \(entity) entity")
    }

    /// `DuplicateRecord`: a create (or `If-None-Match: *` upsert) of a key already taken.
    static let duplicate = DynamicsError(HTTPStatus(412), "0x80040237", "A record with matching key values already exists.")

    /// `ConcurrencyVersionMismatch`: `If-Match` named an older row version.
    static let versionMismatch = DynamicsError(HTTPStatus(412), "0x80060882", "The version of the existing record doesn't match the RowVersion property provided.")

    /// OData parse errors (`$filter`, `$select`, paths) all carry this code.
    static func odata(_ message: String, status: HTTPStatus = .badRequest) -> DynamicsError { DynamicsError(status, "0x80060888", message) }

    static func unknownSegment(_ segment: String) -> DynamicsError { odata("Resource not found for the segment '\(segment)'.", status: .notFound) }

    /// A body naming a property the entity type lacks.
    static func undeclaredProperty(_ name: String, entitySet: String, entity: String) -> DynamicsError {
        DynamicsError(
            .badRequest, "0x80048d19",
            "Error identified in Payload provided by the user for Entity :'\(entitySet)', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  InnerException : Microsoft.OData.ODataException: The property '\(name)' does not exist on type 'Microsoft.Dynamics.CRM.\(entity)'. Make sure to only use property names that are defined by the type or mark the type as open type."
        )
    }

    /// The store's refusal, in the platform's words.
    static func from(_ error: StoreError, entity: String) -> DynamicsError {
        switch error {
        case .notFound(let id), .entityIsDeleted(let id): notFound(entity, id: id)
        case .duplicateValue: duplicate
        case .requiredFieldMissing(_, let fields):
            DynamicsError(.badRequest, "0x80040200", "Required field '\(fields.first ?? "")' is missing on entity '\(entity)'.")
        case .invalidPicklistValue(let field, let value):
            DynamicsError(
                .badRequest, "0x8004431a",
                "A validation error occurred. The value \(value) of '\(field)' on record of type '\(entity)' is outside the valid range.")
        case .invalidReference(let field, let value, _):
            DynamicsError(.badRequest, "0x80040217", "Entity '\(field)' With Id = \(value) Does Not Exist")
        case .valueTooLong(let field, let max, _):
            DynamicsError(
                .badRequest, "0x80044331",
                "A validation error occurred. The length of the '\(field)' attribute of the '\(entity)' entity exceeded the maximum allowed length of '\(max)'.")
        case .notWritable(let field, _):
            DynamicsError(.badRequest, "0x80048d19", "The property '\(field)' cannot be set: it is read-only on type 'Microsoft.Dynamics.CRM.\(entity)'.")
        case .unknownField(_, let field): undeclaredProperty(field, entitySet: entity, entity: entity)
        case .unknownObject(let name): unknownSegment(name)
        default: DynamicsError(.badRequest, "0x80040203", "Invalid argument: \(error)")
        }
    }
}
