import Glibc

/// A failed socket call, with the call's name and `errno`.
public struct SocketError: Error, CustomStringConvertible, Equatable {
    public let call: String
    public let code: Int32

    public init(_ call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
    }

    /// The read timed out (`SO_RCVTIMEO` expired).
    public var isTimeout: Bool { code == EAGAIN || code == EWOULDBLOCK }

    public var description: String { "\(call) failed: \(String(cString: strerror(code))) (errno \(code))" }
}
