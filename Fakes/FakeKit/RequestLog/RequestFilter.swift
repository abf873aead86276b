import Foundation

/// Which request-log entries a reader wants, as WireMock's journal is
/// searched: by route, method, status, caller, time and whether a fault
/// touched them. Every condition given must hold; none given: every entry.
/// The admin API's `/__admin/requests` takes these as query parameters.
public struct RequestFilter: Sendable, Hashable {
    public var route: String?
    public var method: String?
    public var status: Int?
    /// The credential's name as the log gives it (an OAuth client id, a PRM key name).
    public var caller: String?
    /// Arrived at or after this moment, on the journal clock.
    public var from: Date?
    /// Arrived before this moment.
    public var until: Date?
    public var faulted: Bool?

    public init(route: String? = nil, method: String? = nil, status: Int? = nil, caller: String? = nil, from: Date? = nil, until: Date? = nil, faulted: Bool? = nil) {
        self.route = route
        self.method = method
        self.status = status
        self.caller = caller
        self.from = from
        self.until = until
        self.faulted = faulted
    }

    /// The query parameters, with what each means (for the OpenAPI document and errors).
    public static let parameters: [(name: String, meaning: String)] = [
        ("route", "the route the request counts under, as the log names it (`GET /api/v1/partners/:id`)"),
        ("method", "the HTTP method (`GET`, `POST`, …)"),
        ("status", "the status answered (a reset or held connection has none)"),
        ("caller", "the credential's name as the log gives it (an OAuth client id, a PRM key name)"),
        ("from", "arrived at or after this ISO-8601 moment (journal clock)"),
        ("until", "arrived before this ISO-8601 moment"),
        ("faulted", "`true`: only requests a fault touched; `false`: only the others"),
    ]

    public func matches(_ entry: RequestLogEntry) -> Bool {
        if let route, entry.route != route { return false }
        if let method, entry.method != method.uppercased() { return false }
        if let status, entry.status != status { return false }
        if let caller, entry.credential != caller { return false }
        if let from, entry.time < from { return false }
        if let until, entry.time >= until { return false }
        if let faulted, entry.faulted != faulted { return false }
        return true
    }

    public struct Invalid: Error, Sendable {
        public let parameter: String
        public let message: String
    }

    /// The filter a query asks for (`value(name)` reads one parameter); a
    /// malformed value is an error naming the parameter, never ignored.
    public static func parse(_ value: (String) -> String?) throws(Invalid) -> RequestFilter {
        var filter = RequestFilter(route: value("route"), method: value("method"), caller: value("caller"))
        if let text = value("status") {
            guard let status = Int(text), (100...599).contains(status) else { throw Invalid(parameter: "status", message: "status must be an HTTP status, 100 to 599.") }
            filter.status = status
        }
        for name in ["from", "until"] {
            guard let text = value(name) else { continue }
            guard let moment = DateFormats.parseDateTime(text) else {
                throw Invalid(parameter: name, message: "\(name) must be an ISO-8601 date-time (2026-12-01T10:00:00Z).")
            }
            if name == "from" { filter.from = moment } else { filter.until = moment }
        }
        if let text = value("faulted") {
            guard text == "true" || text == "false" else { throw Invalid(parameter: "faulted", message: "faulted must be true or false.") }
            filter.faulted = text == "true"
        }
        return filter
    }
}
