import Foundation
import Synchronization

/// A connection the proxy refused: a destination outside the world. Kept
/// as evidence that the connector tried to reach it; the proxy answers the
/// refusal itself and never opens a connection there.
public struct ProxyRefusal: Sendable, Equatable, Codable {
    public let host: String
    public let port: Int
    public let time: Date
    /// CONNECT, or the method of a plain-HTTP request.
    public let method: String

    public init(host: String, port: Int, time: Date, method: String) {
        self.host = host
        self.port = port
        self.time = time
        self.method = method
    }
}

/// The refusals of one proxy, in order.
public final class ProxyRefusalLog: Sendable {
    private let entries = Mutex<[ProxyRefusal]>([])

    public init() {}

    func record(_ refusal: ProxyRefusal) { entries.withLock { $0.append(refusal) } }

    public var all: [ProxyRefusal] { entries.withLock { $0 } }
}
