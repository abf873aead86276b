import FakeKit
import Foundation
import HTTP

/// What the Web API reads from every request: the org URL the client
/// reached (for `@odata.context`, `OData-EntityId` and `@odata.nextLink`),
/// the version segment, the resource path after it, and the `Prefer`
/// preferences (RFC 7240; OData part 1 §8.2.8).
struct DynamicsRequest {
    static let versions: Set<String> = ["v9.0", "v9.1", "v9.2"]

    let http: HTTPRequest
    /// `https://127.0.0.1:PORT`.
    let orgURL: String
    /// `v9.2`.
    let version: String
    /// The path after the version, still percent-encoded per segment (`accounts(…)`, `EntityDefinitions(LogicalName='account')`).
    let resource: [String]

    /// `https://127.0.0.1:PORT/api/data/v9.2`.
    var serviceRoot: String { orgURL + "/api/data/" + version }

    init?(_ request: HTTPRequest, fallbackOrgURL: String?) {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true).map { String($0).removingPercentEncoding ?? String($0) }
        guard segments.count >= 3, segments[0] == "api", segments[1] == "data", Self.versions.contains(segments[2]) else { return nil }
        http = request
        version = segments[2]
        resource = Array(segments.dropFirst(3))
        if let host = request.headers["Host"] {
            orgURL = (request.connection.isSecure || request.connection.localPort == 0 ? "https://" : "http://") + host
        } else {
            orgURL = fallbackOrgURL ?? "https://127.0.0.1"
        }
    }

    /// The preferences in `Prefer` headers, by lower-cased name (`return`, `odata.maxpagesize`, `odata.include-annotations`).
    var preferences: [String: String] {
        var found: [String: String] = [:]
        for header in http.headers.values(for: "Prefer") {
            for part in header.split(separator: ",") {
                let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard let name = pair.first, !name.isEmpty else { continue }
                var value = pair.count > 1 ? pair[1] : ""
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                found[name.lowercased()] = value
            }
        }
        return found
    }

    var wantsRepresentation: Bool { preferences["return"] == "representation" }

    /// The annotations `odata.include-annotations` asks for.
    var annotations: AnnotationFilter { AnnotationFilter(preferences["odata.include-annotations"]) }

    /// The query options (`$select`, `$filter`…), decoded; an option given twice is Dataverse's error.
    func queryOptions() throws(DynamicsError) -> [String: String] {
        var options: [String: String] = [:]
        for item in http.queryItems {
            let name = item.name
            guard options[name] == nil else { throw .odata("Query option '\(name)' was specified more than once, but it must be specified at most once.") }
            options[name] = item.value
        }
        return options
    }
}

/// The `odata.include-annotations` pattern: `*`, a comma-separated list of
/// terms, namespaces with `.*`, or exclusions with a leading `-`.
struct AnnotationFilter {
    let patterns: [String]

    init(_ text: String?) {
        patterns = (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    var isEmpty: Bool { patterns.isEmpty }

    func includes(_ term: String) -> Bool {
        var included = false
        for pattern in patterns {
            let negated = pattern.hasPrefix("-")
            let body = negated ? String(pattern.dropFirst()) : pattern
            let hit = body == "*" || body == term || (body.hasSuffix(".*") && term.hasPrefix(body.dropLast(1)))
            if hit { included = !negated }
        }
        return included
    }

    static let formattedValue = "OData.Community.Display.V1.FormattedValue"
    static let lookupLogicalName = "Microsoft.Dynamics.CRM.lookuplogicalname"
    static let associatedNavigationProperty = "Microsoft.Dynamics.CRM.associatednavigationproperty"
}
