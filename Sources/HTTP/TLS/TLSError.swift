/// A TLS set-up or session failure, in words a person can act on.
public struct TLSError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
