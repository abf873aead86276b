import FakeKit
import Foundation
import HTTP

/// An error as HubSpot's v3 APIs answer it: one JSON object
/// `{"status":"error","message","correlationId","category",…}` whose
/// `category` names the kind of failure (`VALIDATION_ERROR`,
/// `OBJECT_NOT_FOUND`, `CONFLICT`, `INVALID_AUTHENTICATION`, …), optionally
/// with `subCategory`, `context` and an `errors` array of details.
public struct HubSpotError: HTTPResponseError, Equatable, CustomStringConvertible {
    public struct Detail: Sendable, Equatable {
        public var message: String
        public var code: String?
        public var context: [String: [String]]?
        public init(message: String, code: String? = nil, context: [String: [String]]? = nil) {
            self.message = message
            self.code = code
            self.context = context
        }
    }

    public let status: HTTPStatus
    public let category: String
    public let message: String
    public var subCategory: String?
    public var context: [String: [String]]?
    public var errors: [Detail]?
    public var links: [String: String]?

    public init(
        _ status: HTTPStatus, _ category: String, _ message: String, subCategory: String? = nil, context: [String: [String]]? = nil,
        errors: [Detail]? = nil, links: [String: String]? = nil
    ) {
        self.status = status
        self.category = category
        self.message = message
        self.subCategory = subCategory
        self.context = context
        self.errors = errors
        self.links = links
    }

    /// The body, keys in HubSpot's order.
    public var body: OrderedJSON {
        var pairs: [(String, OrderedJSON)] = [
            ("status", .value("error")), ("message", .value(.string(message))), ("correlationId", .value(.string(Self.correlationID()))),
        ]
        if let errors {
            pairs.append(("errors", .array(errors.map { detail in
                var items: [(String, OrderedJSON)] = [("message", .value(.string(detail.message)))]
                if let code = detail.code { items.append(("code", .value(.string(code)))) }
                if let context = detail.context { items.append(("context", Self.encode(context))) }
                return .object(items)
            })))
        }
        if let context { pairs.append(("context", Self.encode(context))) }
        if let links { pairs.append(("links", .object(links.sorted { $0.key < $1.key }.map { ($0.key, .value(.string($0.value))) }))) }
        pairs.append(("category", .value(.string(category))))
        if let subCategory { pairs.append(("subCategory", .value(.string(subCategory)))) }
        return .object(pairs)
    }

    public var response: HTTPResponse { .json(status, data: body.serialized()) }

    public var description: String { "\(status.code) \(category): \(message)" }

    private static func encode(_ context: [String: [String]]) -> OrderedJSON {
        .object(context.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map { .value(.string($0)) })) })
    }

    /// A fresh UUID per answer, as HubSpot gives every response one to quote to support.
    static func correlationID() -> String { UUID().uuidString.lowercased() }

    // MARK: the common errors

    /// Any route HubSpot does not serve: a 404 with an empty body, as HubSpot's edge answers unknown paths.
    public static let unknownRoute = HubSpotError(.notFound, "OBJECT_NOT_FOUND", "resource not found")

    public static func validation(_ message: String, context: [String: [String]]? = nil, errors: [Detail]? = nil) -> HubSpotError {
        HubSpotError(.badRequest, "VALIDATION_ERROR", message, context: context, errors: errors)
    }

    /// `GET …/objects/{type}/{id}` of a record that does not exist (or an unknown object type).
    public static func objectNotFound(_ id: String? = nil) -> HubSpotError {
        HubSpotError(
            .notFound, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.", context: id.map { ["id": [$0]] })
    }

    public static func unknownObjectType(_ name: String) -> HubSpotError {
        HubSpotError(.badRequest, "VALIDATION_ERROR", "Unable to infer object type from: \(name)")
    }

    public static func invalidJSON(_ detail: String) -> HubSpotError {
        HubSpotError(.badRequest, "VALIDATION_ERROR", "Invalid input JSON on line 1, column 1: \(detail)")
    }

    /// No credentials, or credentials HubSpot does not know.
    public static let invalidAuthentication = HubSpotError(
        .unauthorized, "INVALID_AUTHENTICATION",
        "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
    )

    /// An OAuth access token past its 30 minutes.
    public static func expiredAuthentication(expiredAt: Date, now: Date) -> HubSpotError {
        let minutes = max(0, Int((now.timeIntervalSince(expiredAt) / 60).rounded(.down)))
        return HubSpotError(
            .unauthorized, "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired \(minutes) minute(s) ago.",
            context: ["expiredTime": [DateFormats.formatISO(expiredAt)]])
    }

    /// A token without the scope the route needs.
    public static func missingScopes(_ scopes: [String]) -> HubSpotError {
        HubSpotError(
            .forbidden, "MISSING_SCOPES",
            "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
            errors: [Detail(message: "One or more of the following scopes are required.", context: ["requiredGranularScopes": scopes])],
            links: ["scopes": "https://developers.hubspot.com/scopes"])
    }
}

/// One property value HubSpot refused, as the `message` of a validation error lists them.
struct PropertyValueProblem: Sendable, Equatable {
    var name: String
    var error: String
    var message: String

    /// `Property values were not valid: [{"isValid":false,…}]`, HubSpot's wording,
    /// with the problems repeated as `errors` entries.
    static func error(_ problems: [PropertyValueProblem]) -> HubSpotError {
        let listed = problems.map { problem -> OrderedJSON in
            .object([
                ("isValid", .value(false)), ("message", .value(.string(problem.message))), ("error", .value(.string(problem.error))),
                ("name", .value(.string(problem.name))), ("localizedErrorMessage", .value(.string(problem.message))),
            ])
        }
        return HubSpotError.validation(
            "Property values were not valid: " + OrderedJSON.array(listed).text,
            errors: problems.map { HubSpotError.Detail(message: $0.message, code: $0.error, context: ["propertyName": [$0.name]]) })
    }
}
