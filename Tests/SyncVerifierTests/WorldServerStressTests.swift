import FakeCRM
import FakeKit
import FakePRM
import Foundation
import Glibc
import Testing

@testable import HTTP
@testable import SyncVerifier

/// Every server of a world (the Salesforce fake and the PRM over TLS, the
/// alert sink over plain HTTP) against the clients a buggy connector or a
/// hostile network makes: hundreds of idle and dribbling connections while a
/// normal client is served within a second, heads, bodies and URLs over the
/// limits refused in the API's own error shape, and clients that vanish
/// mid-request or mid-response leaving no connection, thread or descriptor.
///
/// Descriptors: up to 700 client sockets and as many accepted ones at once,
/// about 1,500 with the rest of the process; the suite raises the soft
/// `ulimit -n` to 4,096 when it is lower (the hard limit must allow that).
@Suite("Stress on a world's servers", .tags(.socket), .serialized)
struct WorldServerStressTests {
    enum Server: String, CaseIterable, CustomTestStringConvertible {
        case salesforce, prm, alertSink
        var testDescription: String { rawValue }
    }

    /// One world for the suite's tests, torn down with its folder.
    final class StressWorld {
        let world: World
        let folder: URL

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("sv-stress-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            world = try World(plan: WorldPlan.standard(org: try OrgDefinition.bundled("partner-channel"), seed: 1), folder: folder)
        }

        deinit {
            world.stop()
            try? FileManager.default.removeItem(at: folder)
        }

        func http(_ server: Server) -> HTTPServer {
            switch server {
            case .salesforce: world.member(.crm)!.server
            case .prm: world.member(.prm)!.server
            case .alertSink: world.alertServer
            }
        }

        /// A request every server answers at once, and the status it answers.
        func normalRequest(_ server: Server) -> (method: HTTPMethod, path: String, body: String, status: Int) {
            switch server {
            case .salesforce: (.get, "/services/data", "", 200)
            case .prm: (.get, "/openapi.json", "", 200)
            case .alertSink: (.post, "/alerts", #"{"message":"stress probe"}"#, 200)
            }
        }

        func client() -> HTTPClient {
            var configuration = HTTPClient.Configuration()
            configuration.caBundlePath = world.caBundlePath
            configuration.timeoutSeconds = 10
            return HTTPClient(configuration: configuration)
        }

        /// Whatever bytes the test wants, on a connection of the server's kind (TLS or not), and the answer.
        func exchangeRaw(_ server: Server, _ bytes: [UInt8]) throws -> HTTPClientResponse {
            let endpoint = try ClientEndpoint(url: http(server).baseURL + "/")
            let tls = try http(server).isSecure ? TLSClientContext(caFile: world.caBundlePath ?? "") : nil
            let connection = try ClientConnection.connect(to: endpoint, timeoutSeconds: 10, tls: tls)
            defer { connection.close() }
            let deadline = ContinuousClock.now + .seconds(10)
            try connection.write(bytes, until: deadline)
            return try connection.readResponse(to: .get, limits: HTTPClient.Configuration(), until: deadline).0
        }
    }

    static func raiseDescriptorLimit(to wanted: rlim_t = 4096) {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < wanted {
            limit.rlim_cur = min(wanted, limit.rlim_max)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }

    static func openDescriptors() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1 }
    static func threads() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? -1 }

    /// Polls every 50 ms, at most `seconds`; true once `condition` holds.
    static func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
        CIGateEndToEndTests.eventually(within: seconds, condition)
    }

    /// A loopback socket that resets (RST, not FIN) when closed, as a crashed client's does.
    static func resettingSocket(port: UInt16) throws -> Int32 {
        let fd = try Socket.connectLoopback(port: port, receiveTimeoutSeconds: 10)
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        return fd
    }

    /// The first bytes a dribbling client sends: a request for a plain server;
    /// for a TLS one, the start of a ClientHello record (handshake, TLS 1.0
    /// record version, 512 bytes to come), which the handshake waits out.
    static func dribbleBytes(secure: Bool) -> [UInt8] {
        secure ? [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00] : Array("POST /alerts HTTP/1.1\r\n".utf8)
    }

    // MARK: slow and idle clients

    @Test(.timeLimit(.minutes(3)), arguments: Server.allCases)
    func aNormalClientIsServedWithinASecondBeside500IdleAnd200DribblingConnections(_ server: Server) throws {
        Self.raiseDescriptorLimit()
        let stress = try StressWorld()
        let http = stress.http(server)
        let port = http.port
        var idle: [Int32] = []
        var dribbling: [Int32] = []
        defer { (idle + dribbling).forEach { close($0) } }
        for _ in 0..<500 { idle.append(try Socket.connectLoopback(port: port, receiveTimeoutSeconds: 10)) }
        for _ in 0..<200 { dribbling.append(try Socket.connectLoopback(port: port, receiveTimeoutSeconds: 10)) }
        #expect(Self.eventually(within: 10) { http.openConnections >= 700 }, "the server holds \(http.openConnections) of 700 connections")

        let (method, path, body, status) = stress.normalRequest(server)
        let client = stress.client()
        let bytes = Self.dribbleBytes(secure: http.isSecure)
        var worst: Double = 0
        // Four rounds a second apart: every dribbling client sends its next byte, then a normal client is timed.
        for round in 0..<4 {
            for fd in dribbling { _ = [bytes[round]].withUnsafeBytes { send(fd, $0.baseAddress, 1, Int32(MSG_NOSIGNAL)) } }
            let start = Date()
            let response = try client.send(method, http.baseURL + path, body: Data(body.utf8))
            worst = max(worst, Date().timeIntervalSince(start))
            #expect(response.status.code == status, "round \(round): \(response.status.code) \(response.text.prefix(200))")
            Thread.sleep(forTimeInterval: 1)
        }
        #expect(worst < 1, "the slowest normal answer took \(worst) s")
        #expect(http.openConnections >= 700, "idle or dribbling connections were dropped early: \(http.openConnections) open")
    }

    // MARK: over the limits

    @Test(.timeLimit(.minutes(2)), arguments: Server.allCases)
    func headsBodiesAndURLsOverTheLimitsAreRefusedInTheAPIsOwnShape(_ server: Server) throws {
        let stress = try StressWorld()
        let limits = HTTPLimits()
        let host = "Host: 127.0.0.1\r\n"
        let oversized: [(status: Int, request: String)] = [
            (431, "GET /services/data HTTP/1.1\r\n\(host)X-Filler: \(String(repeating: "h", count: limits.maxHeaderBytes + 1))\r\n\r\n"),
            (413, "POST /alerts HTTP/1.1\r\n\(host)Content-Type: application/json\r\nContent-Length: \(limits.maxBodyBytes + 1)\r\n\r\n{"),
            (414, "GET /\(String(repeating: "u", count: limits.maxRequestLineBytes + 1)) HTTP/1.1\r\n\(host)\r\n"),
        ]
        for (status, request) in oversized {
            let response = try stress.exchangeRaw(server, Array(request.utf8))
            #expect(response.status.code == status, "\(response.status.code) \(response.text.prefix(300))")
            #expect(response.headers["Connection"]?.lowercased() == "close", "a refused connection must close: \(response.headers)")
            let json = try? JSONParser.parse(response.body)
            switch server {
            case .salesforce:
                // `[{"message","errorCode"}]`, as every Salesforce REST error.
                guard case .array(let errors)? = json, errors.count == 1, case .object(let error) = errors[0] else {
                    Issue.record("\(status): not Salesforce's error array: \(response.text.prefix(300))")
                    continue
                }
                #expect(Set(error.keys) == ["message", "errorCode"], "\(error)")
                #expect(error["errorCode"]?.stringValue?.isEmpty == false && error["message"]?.stringValue?.isEmpty == false, "\(error)")
            case .prm:
                // `{"error":{"status","code","message","field"}}`, the PRM's one error shape.
                guard case .object(let outer)? = json, case .object(let error)? = outer["error"] else {
                    Issue.record("\(status): not the PRM's error body: \(response.text.prefix(300))")
                    continue
                }
                #expect(Set(error.keys) == ["status", "code", "message", "field"], "\(error)")
                #expect(error["status"] == .int(status), "\(error)")
            case .alertSink:
                guard case .object(let body)? = json, body.keys.sorted() == ["error"], body["error"]?.stringValue?.isEmpty == false else {
                    Issue.record("\(status): not the alert sink's {\"error\"} body: \(response.text.prefix(300))")
                    continue
                }
            }
        }
    }

    // MARK: clients that vanish

    @Test(.timeLimit(.minutes(3)), arguments: Server.allCases)
    func clientsThatVanishMidRequestOrMidResponseLeaveNoConnectionThreadOrDescriptor(_ server: Server) throws {
        Self.raiseDescriptorLimit()
        let stress = try StressWorld()
        let http = stress.http(server)
        let (method, path, body, status) = stress.normalRequest(server)
        let client = stress.client()
        // The client would keep a plain-HTTP connection for the next request; none may stay open here.
        var closing = HTTPHeaders()
        closing["Connection"] = "close"
        // Warm up: the first answers start the threads and caches that live as long as the process.
        for _ in 0..<3 { _ = try client.send(method, http.baseURL + path, headers: closing, body: Data(body.utf8)) }
        #expect(Self.eventually(within: 10) { http.openConnections == 0 })
        let before = (descriptors: Self.openDescriptors(), threads: Self.threads())

        let request = Array("\(method.rawValue) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        // Mid-request: half the bytes (of a TLS ClientHello's start on a TLS server), then gone; every other one with a reset.
        for index in 0..<100 {
            let fd = try index.isMultiple(of: 2) ? Self.resettingSocket(port: http.port) : Socket.connectLoopback(port: http.port, receiveTimeoutSeconds: 10)
            let partial = http.isSecure ? Self.dribbleBytes(secure: true) : Array(request.prefix(request.count / 2))
            _ = partial.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(fd)
        }
        // Mid-response: the fakes' answers trickle out at 100 bytes a second
        // (a bandwidth fault), so a client that reads the first bytes and
        // resets leaves the server writing. The alert sink has no fault layer:
        // its one-line answer is cut off while or just after it is written.
        if server != .alertSink {
            _ = try stress.world.inject(.bandwidth(BandwidthFault(bytesPerSecond: 100)), on: server == .salesforce ? SystemID.crm : SystemID.prm)
        }
        let tls = try http.isSecure ? TLSClientContext(caFile: stress.world.caBundlePath ?? "") : nil
        let endpoint = try ClientEndpoint(url: http.baseURL + "/")
        let vanished = DispatchGroup()
        for _ in 0..<40 {
            vanished.enter()
            Thread.detachNewThread {
                defer { vanished.leave() }
                guard let connection = try? ClientConnection.connect(to: endpoint, timeoutSeconds: 10, tls: tls) else { return }
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(connection.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                try? connection.write(request, until: .now + .seconds(10))
                // The first bytes of the answer (the socket does not block: wait for them), then a reset in the middle of it.
                var ready = pollfd(fd: connection.fd, events: Int16(POLLIN), revents: 0)
                _ = poll(&ready, 1, 10_000)
                var byte: UInt8 = 0
                _ = recv(connection.fd, &byte, 1, 0)
                connection.close()
            }
        }
        #expect(vanished.wait(timeout: .now() + 60) == .success, "clients still connecting or reading after 60 s")
        #expect(Self.eventually(within: 30) { http.openConnections == 0 }, "\(http.openConnections) connections still open on the server")
        if server != .alertSink { stress.world.clearFaults(on: server == .salesforce ? SystemID.crm : SystemID.prm, id: nil) }
        let response = try client.send(method, http.baseURL + path, headers: closing, body: Data(body.utf8))
        #expect(response.status.code == status)
        // Other suites share the process: a small margin for their threads and files, far below the 140 vanished clients a leak would show.
        let settled = Self.eventually(within: 20) {
            Self.openDescriptors() <= before.descriptors + 15 && Self.threads() <= before.threads + 15
        }
        #expect(settled, "descriptors \(before.descriptors) → \(Self.openDescriptors()), threads \(before.threads) → \(Self.threads())")
    }
}
