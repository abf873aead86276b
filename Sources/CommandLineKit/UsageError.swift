/// A mistake in how the command was called. Printed as `error: …` with a hint
/// to the command's help, and the process exits with 2 (README.md, exit codes).
public struct UsageError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An error that ends a command with a chosen exit code and message.
public struct ExitError: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public init(code: Int32, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }
}

extension String {
    /// The string followed by spaces up to `width` characters, for help columns.
    func padded(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
