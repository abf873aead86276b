/// A tool with subcommands: dispatches, prints help and version, and turns
/// errors into messages and exit codes.
public struct CommandLineTool: Sendable {
    public let name: String
    public let version: String
    public let abstract: String
    public let commands: [CommandSpec]

    public init(name: String, version: String, abstract: String, commands: [CommandSpec]) {
        self.name = name
        self.version = version
        self.abstract = abstract
        self.commands = commands
    }

    /// What a run printed and how it ended; `main` writes it out.
    public struct Outcome: Sendable, Equatable {
        public var exitCode: Int32
        public var standardOutput: String = ""
        public var standardError: String = ""
    }

    public var help: String {
        var text = "\(abstract)\n\nUSAGE: \(name) <command> [options]\n\nCOMMANDS:\n"
        let width = commands.map(\.name.count).max() ?? 0
        for command in commands {
            text += "  \(command.name.padded(to: width))  \(command.abstract)\n"
        }
        text += "\nOPTIONS:\n  -h, --help  Show this help.\n  --version   Show the version.\n"
        text += "\nSee '\(name) <command> --help' for a command's options.\n"
        return text
    }

    /// Parses `arguments` (without the program name) and runs the command.
    /// Help, version and usage errors are answered here; the command's own
    /// output goes straight to the terminal.
    public func run(_ arguments: [String]) -> Outcome {
        guard let first = arguments.first else {
            return Outcome(exitCode: 2, standardError: "error: no command given\n\n" + help)
        }
        if first == "-h" || first == "--help" || first == "help" {
            if first == "help", arguments.count > 1, let command = commands.first(where: { $0.name == arguments[1] }) {
                return Outcome(exitCode: 0, standardOutput: command.help(tool: name))
            }
            return Outcome(exitCode: 0, standardOutput: help)
        }
        if first == "--version" { return Outcome(exitCode: 0, standardOutput: "\(version)\n") }
        guard let command = commands.first(where: { $0.name == first }) else {
            let suggestion = CommandSpec.closest(to: first, among: commands.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
            let kind = first.hasPrefix("-") ? "option" : "command"
            return Outcome(exitCode: 2, standardError: "error: unknown \(kind) '\(first)'\(suggestion)\nSee '\(name) --help'.\n")
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("-h") || rest.contains("--help") {
            return Outcome(exitCode: 0, standardOutput: command.help(tool: name))
        }
        do {
            let parsed = try command.parse(rest)
            return Outcome(exitCode: try command.run(parsed))
        } catch let error as UsageError {
            return Outcome(exitCode: 2, standardError: "error: \(error.message)\nSee '\(name) \(command.name) --help'.\n")
        } catch let error as ExitError {
            return Outcome(exitCode: error.code, standardError: error.message.isEmpty ? "" : "error: \(error.message)\n")
        } catch {
            return Outcome(exitCode: 2, standardError: "error: \(error)\n")
        }
    }
}
