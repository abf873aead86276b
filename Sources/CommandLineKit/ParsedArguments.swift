/// What a command was given, with typed accessors that fail as usage errors
/// naming the option.
public struct ParsedArguments: Sendable {
    public let command: String
    public internal(set) var positionals: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    /// Undeclared `--name value` pairs, in order, names without the dashes
    /// (only for a command that `acceptsAttributes`).
    public internal(set) var attributes: [(name: String, value: String)] = []

    init(command: String) { self.command = command }

    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The option's value, or nil if not given.
    public func value(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeatable option, also splitting comma lists (`--require a,b`).
    public func list(_ name: String) -> [String] {
        (values[name] ?? []).flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: " ") } }
            .filter { !$0.isEmpty }
    }

    /// The option's value as an integer in `range`, or nil if not given.
    public func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text) else { throw UsageError("'\(name)' takes a whole number, not '\(text)'") }
        guard range.contains(number) else {
            throw UsageError("'\(name)' must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
        }
        return number
    }

    /// The option's value if it is one of `choices`.
    public func choice(_ name: String, among choices: [String]) throws(UsageError) -> String? {
        guard let text = value(name) else { return nil }
        guard choices.contains(text) else {
            throw UsageError("'\(name)' takes one of \(choices.joined(separator: ", ")), not '\(text)'")
        }
        return text
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
