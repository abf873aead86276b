import Glibc

/// Where a proxy client asks to go: a host name (lowercased, no trailing
/// dot) or an IP literal, and a port.
public struct ProxyDestination: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Parses `authority` (RFC 9110 §4.2.3 / RFC 3986 §3.2: `host[:port]`,
    /// an IPv6 literal in brackets). `defaultPort` stands in when the port is
    /// absent (nil: the port is required, as in CONNECT's authority-form).
    public static func parse(authority: String, defaultPort: Int?) -> ProxyDestination? {
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portText = rest.dropFirst()
            }
            // RFC 3986 §3.2.2: brackets hold an IPv6 address (IPvFuture is not served), so
            // `[.1]` or `[1]` is no host; the description relies on the colons it has.
            var address = in6_addr()
            guard host.utf8.count <= 45, host.allSatisfy({ $0.isASCII }), inet_pton(AF_INET6, String(host), &address) == 1 else { return nil }
        } else {
            let parts = authority.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return nil }
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
            // RFC 3986 reg-name as DNS uses it: letters, digits, hyphens and dots.
            guard !host.isEmpty, host.utf8.count <= 253, host.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "." }) else {
                return nil
            }
            if host.hasSuffix(".") { host = host.dropLast() }
            // One trailing dot is the root (`a.b.`); a second is an empty label (found by the proxy-head fuzzer).
            guard !host.isEmpty, !host.hasPrefix("."), !host.hasSuffix("."), !host.contains("..") else { return nil }
        }
        let port: Int
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCII), let number = Int(portText), (1...65535).contains(number) else {
                return nil
            }
            port = number
        } else {
            guard let defaultPort else { return nil }
            port = defaultPort
        }
        return ProxyDestination(host: host.lowercased(), port: port)
    }
}
