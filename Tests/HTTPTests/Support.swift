import Foundation
import Glibc

@testable import HTTP

/// A blocking loopback client socket for tests that need to control bytes exactly.
final class RawClient {
    let fd: Int32

    init(port: UInt16, receiveTimeoutSeconds: Double = 10) throws {
        fd = try Socket.connectLoopback(port: port, receiveTimeoutSeconds: receiveTimeoutSeconds)
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }
    func send(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try Socket.sendAll(fd, $0) } }

    /// Reads until the peer closes or `until` appears in what was read (or the timeout).
    func receive(until marker: String? = nil) -> String {
        var collected: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            collected += chunk[0..<n]
            if let marker, String(decoding: collected, as: UTF8.self).contains(marker) { break }
        }
        return String(decoding: collected, as: UTF8.self)
    }

    /// Reads exactly one response with a Content-Length body.
    func receiveResponse() -> String {
        var text = receive(until: "\r\n\r\n")
        guard let headEnd = text.range(of: "\r\n\r\n") else { return text }
        let head = text[..<headEnd.lowerBound]
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        while text.utf8.count - text.utf8.distance(from: text.startIndex, to: headEnd.upperBound) < length {
            let more = receive(until: nil as String?)
            if more.isEmpty { break }
            text += more
        }
        return text
    }

    /// True if the peer closed (recv returns 0) or reset within the timeout.
    func peerClosed() -> Bool {
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, 0)
        return n == 0 || (n < 0 && errno == ECONNRESET)
    }
}

/// A server on 127.0.0.1:0 for one test, stopped when the test ends.
final class TestServer {
    let server: HTTPServer
    let caBundlePath: String?
    /// The TLS files' folder, removed with the server.
    private let tlsDirectory: URL?
    var port: UInt16 { server.port }
    var baseURL: String { server.baseURL }

    init(tls: Bool = false, configure: (inout HTTPServer.Configuration) -> Void = { _ in }, handler: any HTTPHandler) throws {
        var configuration = HTTPServer.Configuration()
        if tls {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sv-tls-\(UUID().uuidString)")
            let files = try TLSIdentity.testOnly.write(to: directory)
            configuration.tls = .init(files)
            caBundlePath = files.caBundlePath
            tlsDirectory = directory
        } else {
            caBundlePath = nil
            tlsDirectory = nil
        }
        configure(&configuration)
        server = try HTTPServer(configuration: configuration, handler: handler)
        try server.start()
    }

    deinit {
        server.stop(gracePeriodSeconds: 1)
        if let tlsDirectory { try? FileManager.default.removeItem(at: tlsDirectory) }
    }

    /// A router answering the routes most tests use.
    static func echoRouter() -> HTTPRouter {
        var router = HTTPRouter()
        router.get("/hello") { _ in .text(.ok, "hello") }
        router.post("/echo") { request in
            HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: request.body)
        }
        router.get("/items/:id") { request in .json(.ok, ["id": request.pathParameters["id"] ?? ""]) }
        router.get("/sleep/:ms") { request in
            usleep(UInt32(Int(request.pathParameters["ms"] ?? "0") ?? 0) * 1000)
            return .text(.ok, "slept")
        }
        router.get("/reset") { _ in HTTPResponse(action: .reset) }
        router.get("/truncate") { _ in HTTPResponse(body: Data(repeating: 65, count: 1000), action: .truncateBody(afterBytes: 10)) }
        router.get("/hold") { _ in HTTPResponse(action: .holdOpen(milliseconds: 300)) }
        router.get("/hold-long") { _ in HTTPResponse(action: .holdOpen(milliseconds: 5_000)) }
        router.get("/peer") { request in .text(.ok, request.connection.remoteAddress) }
        return router
    }
}

/// Runs a program to completion and returns its exit status and output.
func runProcess(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

func commandExists(_ name: String) -> Bool {
    (try? runProcess(["sh", "-c", "command -v \(name)"]).status) == 0
}
