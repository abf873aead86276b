/// Why a fault could not be applied (an unknown field to rename, an action
/// this fake does not have), in words for the scenario author.
public struct FaultError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension FaultError {
    /// What an applier answers for a spec it does not apply: a traffic fault belongs in the pipeline; anything else this fake cannot make.
    public static func notApplicable(_ spec: FaultSpec) -> FaultError {
        FaultError(spec.isTraffic ? "'\(spec.type)' is a traffic fault: add it to the fault pipeline" : "this fake cannot apply '\(spec.type)'")
    }
}
