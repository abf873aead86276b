/// Routes requests by method and path pattern, first match wins. A path that
/// matches under another method answers 405 with `Allow` (RFC 9110 §15.5.6);
/// no match answers 404. Both fallbacks can be replaced, so a dialect can
/// answer in its own error shape.
public struct HTTPRouter: HTTPHandler {
    public typealias Route = @Sendable (HTTPRequest) throws -> HTTPResponse

    struct Entry: Sendable {
        let methods: Set<HTTPMethod>?
        let pattern: RoutePattern
        let handler: Route
    }

    private var entries: [Entry] = []
    public var notFound: Route = { request in .text(.notFound, "No route for \(request.path)\n") }
    public var methodNotAllowed: @Sendable (HTTPRequest, [HTTPMethod]) throws -> HTTPResponse = { _, allowed in
        var response = HTTPResponse.text(.methodNotAllowed, "Method Not Allowed\n")
        response.headers["Allow"] = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        return response
    }

    public init() {}

    /// Adds a route for the given methods (any method when empty).
    public mutating func add(_ methods: [HTTPMethod], _ pattern: String, _ handler: @escaping Route) {
        entries.append(Entry(methods: methods.isEmpty ? nil : Set(methods), pattern: RoutePattern(pattern), handler: handler))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping Route) { add([.get, .head], pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping Route) { add([.post], pattern, handler) }
    public mutating func patch(_ pattern: String, _ handler: @escaping Route) { add([.patch], pattern, handler) }
    public mutating func put(_ pattern: String, _ handler: @escaping Route) { add([.put], pattern, handler) }
    public mutating func delete(_ pattern: String, _ handler: @escaping Route) { add([.delete], pattern, handler) }

    public func handle(_ request: HTTPRequest) throws -> HTTPResponse {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true)
        var allowed: [HTTPMethod] = []
        for entry in entries {
            guard let parameters = entry.pattern.match(segments: segments) else { continue }
            guard let methods = entry.methods else { return try call(entry, request, parameters) }
            if methods.contains(request.method) { return try call(entry, request, parameters) }
            allowed.append(contentsOf: methods)
        }
        if allowed.isEmpty { return try notFound(request) }
        return try methodNotAllowed(request, Array(Set(allowed)))
    }

    private func call(_ entry: Entry, _ request: HTTPRequest, _ parameters: [String: String]) throws -> HTTPResponse {
        var routed = request
        routed.pathParameters = parameters
        return try entry.handler(routed)
    }
}
