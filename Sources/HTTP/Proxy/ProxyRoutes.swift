/// Which production hostnames the proxy answers for, and with which
/// handler: exact names (`login.salesforce.com`) and, for hosts a service
/// names per customer, a suffix (`.my.salesforce.com` matches
/// `acme.my.salesforce.com`). The world supplies them; the proxy knows
/// nothing of CRMs.
public struct ProxyRoutes: Sendable {
    public struct Route: Sendable {
        public let pattern: String
        public let handler: any HTTPHandler
    }

    public private(set) var routes: [Route] = []

    public init() {}

    /// Adds `pattern`: a hostname, or `*.` and a domain for any one-label subdomain of it.
    public mutating func add(_ pattern: String, _ handler: any HTTPHandler) {
        routes.append(Route(pattern: pattern.lowercased(), handler: handler))
    }

    /// The handler for `host`, nil for a destination outside the world.
    public func handler(for host: String) -> (any HTTPHandler)? {
        let host = host.lowercased()
        for route in routes {
            if route.pattern == host { return route.handler }
            if route.pattern.hasPrefix("*.") {
                let domain = route.pattern.dropFirst(1)
                if host.hasSuffix(domain), !host.dropLast(domain.count).isEmpty, !host.dropLast(domain.count).contains(".") { return route.handler }
            }
        }
        return nil
    }
}
