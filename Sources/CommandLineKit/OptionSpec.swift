/// One `--name` option a command accepts.
public struct OptionSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Takes no value: present or not.
        case flag
        /// Takes one value (`--out DIR` or `--out=DIR`); the last one wins.
        case value(name: String)
        /// Takes one value and may be repeated; every value is kept.
        case repeated(name: String)
    }

    public let name: String
    public let kind: Kind
    public let help: String

    public init(_ name: String, _ kind: Kind = .flag, help: String) {
        precondition(name.hasPrefix("--"), "options are spelled --name")
        self.name = name
        self.kind = kind
        self.help = help
    }

    var takesValue: Bool { kind != .flag }

    var synopsis: String {
        switch kind {
        case .flag: name
        case .value(let valueName): "\(name) \(valueName)"
        case .repeated(let valueName): "\(name) \(valueName)…"
        }
    }
}
