import Foundation

/// Writes one line per request — method, target, status, duration — to a
/// sink (standard error for `sync-verifier serve`), so a developer sees what
/// their connector sent.
public struct AccessLogMiddleware: HTTPMiddleware {
    let label: String
    let sink: @Sendable (String) -> Void

    public init(label: String, sink: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.sink = sink
    }

    public func handle(_ request: HTTPRequest, next: any HTTPHandler) throws -> HTTPResponse {
        let start = ContinuousClock.now
        let response = next.respond(to: request)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        sink("[\(label)] \(request.method) \(request.target) → \(response.status.code) (\(String(format: "%.1f", milliseconds)) ms)")
        return response
    }

    /// A sink that writes lines to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
