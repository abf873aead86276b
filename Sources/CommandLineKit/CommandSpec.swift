/// A subcommand: its name, help text, the options and positional arguments it
/// accepts, and what it does. `run` returns the process exit code.
public struct CommandSpec: Sendable {
    public let name: String
    public let abstract: String
    public let discussion: String
    public let positionals: String?
    public let options: [OptionSpec]
    /// Whether options it does not declare are kept as `--name value`
    /// attributes (`ParsedArguments.attributes`) for the command to check,
    /// as `toxiproxy-cli toxic add -a rate=10` takes a toxic's attributes.
    public let acceptsAttributes: Bool
    public let run: @Sendable (ParsedArguments) throws -> Int32

    /// - Parameter positionals: how positional arguments appear in the usage
    ///   line (`"[PATH…]"`), or nil if the command takes none.
    public init(
        name: String, abstract: String, discussion: String = "", positionals: String? = nil,
        options: [OptionSpec] = [], acceptsAttributes: Bool = false, run: @escaping @Sendable (ParsedArguments) throws -> Int32
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.positionals = positionals
        self.options = options
        self.acceptsAttributes = acceptsAttributes
        self.run = run
    }

    func usage(tool: String) -> String {
        var parts = [tool, name]
        parts += options.map { "[\($0.synopsis)]" }
        if let positionals { parts.append(positionals) }
        return parts.joined(separator: " ")
    }

    func help(tool: String) -> String {
        var text = "\(abstract)\n\nUSAGE: \(usage(tool: tool))\n"
        if !discussion.isEmpty { text += "\n\(discussion)\n" }
        text += "\nOPTIONS:\n"
        let rows = options.map { ($0.synopsis, $0.help) } + [("-h, --help", "Show help for this command.")]
        let width = rows.map(\.0.count).max() ?? 0
        for (synopsis, help) in rows {
            text += "  \(synopsis.padded(to: width))  \(help)\n"
        }
        return text
    }

    /// Parses `arguments` (those after the command name).
    public func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments(command: name)
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            let (name, inlineValue): (String, String?) =
                if let equals = argument.firstIndex(of: "=") {
                    (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
                } else {
                    (argument, nil)
                }
            guard let option = options.first(where: { $0.name == name }) else {
                if acceptsAttributes, name.hasPrefix("--"), name.count > 2 {
                    let value: String
                    if let inlineValue {
                        value = inlineValue
                    } else {
                        guard index < arguments.count, !arguments[index].hasPrefix("--") else { throw UsageError("missing value for '\(name)'") }
                        value = arguments[index]
                        index += 1
                    }
                    parsed.attributes.append((String(name.dropFirst(2)), value))
                    continue
                }
                let suggestion = Self.closest(to: name, among: options.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                throw UsageError("unknown option '\(name)' for '\(self.name)'\(suggestion)")
            }
            if !option.takesValue {
                if inlineValue != nil { throw UsageError("option '\(name)' takes no value") }
                parsed.flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                    throw UsageError("missing value for '\(name)'")
                }
                value = arguments[index]
                index += 1
            }
            if case .value = option.kind, parsed.values[name] != nil {
                throw UsageError("option '\(name)' given more than once")
            }
            parsed.values[name, default: []].append(value)
        }
        if positionals == nil, let first = parsed.positionals.first {
            throw UsageError("unexpected argument '\(first)' for '\(name)'")
        }
        return parsed
    }

    /// The candidate within edit distance 2 of `word`, if any.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        candidates.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
