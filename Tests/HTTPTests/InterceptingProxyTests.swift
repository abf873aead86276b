import Foundation
import Glibc
import Testing

@testable import HTTP

/// The intercepting proxy over real loopback sockets: a tunnel to a known
/// production hostname reaches its handler through TLS the run's CA vouches
/// for; anything else is refused by the proxy itself and recorded.
@Suite(.tags(.socket), .timeLimit(.minutes(1))) struct InterceptingProxyTests {
    final class RunningProxy {
        let proxy: InterceptingProxy
        let directory: URL
        let caFile: String

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("sv-proxy-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var routes = ProxyRoutes()
            routes.add("login.salesforce.com", ClosureHandler { request in .text(.ok, "host=\(request.headers["Host"] ?? "") path=\(request.target) secure=\(request.connection.isSecure)") })
            routes.add("*.my.salesforce.com", ClosureHandler { request in .text(.ok, "org \(request.headers["Host"] ?? "")") })
            let authority = try CertificateAuthority()
            proxy = InterceptingProxy(routes: routes, authority: authority, certificateDirectory: directory.appendingPathComponent("leaves"), idleTimeoutSeconds: 5)
            caFile = directory.appendingPathComponent("ca.pem").path
            try Data(authority.certificatePEM.utf8).write(to: URL(fileURLWithPath: caFile))
            try proxy.start()
        }

        deinit {
            proxy.stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// CONNECT, then TLS verified against the run CA for `host`, then one GET.
    private func getThroughTunnel(_ running: RunningProxy, host: String, path: String = "/") throws -> String {
        let client = try RawClient(port: running.proxy.port)
        try client.send("CONNECT \(host):443 HTTP/1.1\r\nHost: \(host):443\r\n\r\n")
        let established = client.receive(until: "\r\n\r\n")
        #expect(established == "HTTP/1.1 200 Connection Established\r\n\r\n")
        let tls = try TLSClientContext(caFile: running.caFile).connect(fd: client.fd, host: host)
        try tls.write(Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8))
        var collected: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { chunk.deallocate() }
        while let count = try? tls.read(into: chunk), count > 0 { collected += chunk[..<count] }
        return String(decoding: collected, as: UTF8.self)
    }

    @Test func connectToAKnownHostReachesItsHandlerOverTLSTheRunCAVouchesFor() throws {
        let running = try RunningProxy()
        let reply = try getThroughTunnel(running, host: "login.salesforce.com", path: "/services/oauth2/token")
        #expect(reply.hasPrefix("HTTP/1.1 200"))
        #expect(reply.hasSuffix("host=login.salesforce.com path=/services/oauth2/token secure=true"))
        #expect(try getThroughTunnel(running, host: "acme.my.salesforce.com").hasSuffix("org acme.my.salesforce.com"))
        #expect(running.proxy.refusals.all.isEmpty)
    }

    @Test func anUnknownHostIsRefusedByTheProxyAndRecorded() throws {
        let running = try RunningProxy()
        let before = Date()
        let client = try RawClient(port: running.proxy.port)
        try client.send("CONNECT collector.example.net:443 HTTP/1.1\r\nHost: collector.example.net:443\r\n\r\n")
        let reply = client.receiveResponse()
        #expect(reply.hasPrefix("HTTP/1.1 403 Forbidden\r\n"))
        #expect(reply.contains("collector.example.net:443"))
        #expect(client.peerClosed())
        let plain = try RawClient(port: running.proxy.port)
        try plain.send("POST http://collector.example.net:8080/upload HTTP/1.1\r\nHost: collector.example.net:8080\r\nContent-Length: 0\r\n\r\n")
        #expect(plain.receiveResponse().hasPrefix("HTTP/1.1 403"))
        let refusals = running.proxy.refusals.all
        #expect(refusals.map(\.host) == ["collector.example.net", "collector.example.net"])
        #expect(refusals.map(\.port) == [443, 8080])
        #expect(refusals.map(\.method) == ["CONNECT", "POST"])
        #expect(refusals.allSatisfy { $0.time >= before.addingTimeInterval(-1) && $0.time <= Date() })
        // A known host on another port is outside the world too.
        let otherPort = try RawClient(port: running.proxy.port)
        try otherPort.send("CONNECT login.salesforce.com:8443 HTTP/1.1\r\n\r\n")
        #expect(otherPort.receiveResponse().hasPrefix("HTTP/1.1 403"))
    }

    @Test func aMalformedRequestIsAnswered400AndNotRecorded() throws {
        let running = try RunningProxy()
        let client = try RawClient(port: running.proxy.port)
        try client.send("CONNECT login.salesforce.com HTTP/1.1\r\n\r\n")
        let reply = client.receiveResponse()
        #expect(reply.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(reply.contains("host:port"))
        #expect(running.proxy.refusals.all.isEmpty)
    }

    @Test func aClientThatClosesMidwayLeavesTheProxyServingOthers() throws {
        let running = try RunningProxy()
        do {
            let client = try RawClient(port: running.proxy.port)
            try client.send("CONNECT login.sales")
        }
        do {
            // Closes after the 200, before any TLS.
            let client = try RawClient(port: running.proxy.port)
            try client.send("CONNECT login.salesforce.com:443 HTTP/1.1\r\n\r\n")
            _ = client.receive(until: "\r\n\r\n")
        }
        #expect(try getThroughTunnel(running, host: "login.salesforce.com").hasPrefix("HTTP/1.1 200"))
        let deadline = Date().addingTimeInterval(5)
        while running.proxy.openConnections > 0 && Date() < deadline { usleep(10_000) }
        #expect(running.proxy.openConnections == 0)
    }
}
