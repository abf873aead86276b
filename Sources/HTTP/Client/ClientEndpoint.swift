import Foundation
import Glibc

/// Where a request goes, taken apart from its URL: the loopback address and
/// port to connect to, the `Host` field value, and the request-target.
///
/// Only loopback is reachable: the harness's servers and the connectors under
/// test all run on this machine, and nothing may send traffic elsewhere.
struct ClientEndpoint: Hashable, Sendable {
    /// IPv4 address in dotted form, always in 127.0.0.0/8.
    let address: String
    let port: UInt16
    /// The `Host` field value (RFC 9110 §7.2): the URL's host and explicit port.
    let hostField: String
    /// origin-form request-target (RFC 9112 §3.2.1): path and query, never empty.
    let target: String

    /// https: TLS, with the certificate checked against `host`.
    let isSecure: Bool
    /// The URL's host, which the server's certificate must name.
    let host: String

    /// The pool key: connections are shared per scheme, address and port.
    var poolKey: String { "\(isSecure ? "s" : ""):\(address):\(port)" }

    init(url text: String) throws(HTTPClientError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw HTTPClientError(.invalidURL, "not an absolute URL: \(text)")
        }
        guard scheme == "http" || scheme == "https" else {
            throw HTTPClientError(.invalidURL, "HTTPClient speaks http and https, not \(scheme): \(text)")
        }
        guard let host = components.host, !host.isEmpty else { throw HTTPClientError(.invalidURL, "no host in \(text)") }
        guard components.user == nil, components.password == nil else {
            throw HTTPClientError(.invalidURL, "credentials in the URL are not supported: \(text)")
        }
        let address: String
        if host.lowercased() == "localhost" {
            address = "127.0.0.1"
        } else {
            var parsed = in_addr()
            // inet_pton accepts only the four-part dotted form, so "127.1" or names are refused.
            guard inet_pton(AF_INET, host, &parsed) == 1 else {
                throw HTTPClientError(.invalidURL, "HTTPClient connects to loopback only (127.0.0.0/8 or localhost), not \(host)")
            }
            guard UInt32(bigEndian: parsed.s_addr) >> 24 == 127 else {
                throw HTTPClientError(.invalidURL, "HTTPClient connects to loopback only (127.0.0.0/8 or localhost), not \(host)")
            }
            address = host
        }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        guard (1...65535).contains(port) else { throw HTTPClientError(.invalidURL, "port \(port) out of range in \(text)") }
        self.address = address
        self.port = UInt16(port)
        isSecure = scheme == "https"
        self.host = host
        hostField = components.port == nil ? host : "\(host):\(port)"
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        target = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
    }
}
