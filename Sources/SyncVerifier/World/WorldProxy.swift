import Foundation
import HTTP

/// The intercepting proxy of one world: the production hostnames of its
/// systems routed to their fakes, every other destination refused and
/// recorded (`refusals`), and what a connector needs to use it unchanged:
/// the proxy variables, and a CA bundle holding both the fakes' test CA
/// and the run CA that signs the production hostnames' certificates.
public final class WorldProxy: Sendable {
    /// The documented hostname of the simulated PRM through the proxy
    /// (`.example` is reserved, RFC 2606: it can never be a real host).
    public static let prmHostname = "api.prm.example"

    public let proxy: InterceptingProxy
    /// The test CA and the run CA in one file.
    public let caBundlePath: String

    /// - Parameters:
    ///   - routes: each system's production hostnames and its handler.
    ///   - testCABundlePath: the fakes' own CA file, which the combined bundle starts with.
    ///   - folder: where the run CA, the bundle and the minted leaves are written.
    public init(routes: ProxyRoutes, testCABundlePath: String, folder: URL) throws {
        let authority = try CertificateAuthority()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bundle = folder.appendingPathComponent("ca-bundle.pem")
        let testCA = try String(contentsOfFile: testCABundlePath, encoding: .utf8)
        try Data((testCA.trimmingCharacters(in: .whitespacesAndNewlines) + "\n" + authority.certificatePEM).utf8).write(to: bundle)
        caBundlePath = bundle.path
        proxy = InterceptingProxy(routes: routes, authority: authority, certificateDirectory: folder.appendingPathComponent("leaves"))
        try proxy.start()
    }

    /// Destinations the connector tried that are outside the world.
    public var refusals: [ProxyRefusal] { proxy.refusals.all }

    /// `HTTPS_PROXY`/`HTTP_PROXY` in both spellings, and `NO_PROXY` for
    /// loopback so a connector given the fakes' loopback URLs goes straight to them.
    public var environment: [String: String] {
        let url = proxy.url
        let loopback = "127.0.0.1,localhost,::1"
        return [
            "HTTPS_PROXY": url, "https_proxy": url, "HTTP_PROXY": url, "http_proxy": url, "NO_PROXY": loopback, "no_proxy": loopback,
            "SV_PROXY_URL": url,
        ]
    }

    public func stop() { proxy.stop() }
}
