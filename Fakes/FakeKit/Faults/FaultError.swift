/// Why a fault could not be applied (an unknown field to rename, an action
/// this fake does not have), in words for the scenario author.
public struct FaultError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
