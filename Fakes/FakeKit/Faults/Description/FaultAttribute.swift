/// One attribute a fault value takes, as the decoder checks it and the
/// OpenAPI documents, the README and `sync-verifier fault` present it.
public struct FaultAttribute: Sendable {
    /// The JSON shape of the value.
    public enum Kind: String, Sendable {
        case integer, number, string, boolean
        /// An array of strings (`--methods GET,PATCH` on the command line).
        case strings
        /// A JSON object (a field or object definition in the org file's form).
        case object
        /// A string, or an object with more detail (drift's picklist `value`).
        case stringOrObject
        /// Any JSON value (drift's `backfill`).
        case any
    }

    /// What a number counts, spelt out for people (its name says it too: `latencyMs`).
    public enum Unit: String, Sendable {
        case milliseconds, seconds, bytes, bytesPerSecond = "bytes per second", requests, probability =
            "probability (0 to 1)"
    }

    public let name: String
    public let kind: Kind
    public let unit: Unit?
    public let required: Bool
    /// The value the decoder takes when the attribute is left out (nil: none, or "unset").
    public let defaultValue: JSONValue?
    /// What "left out" means when there is no default value (`no quota`, `until cleared`).
    public let absentMeans: String?
    /// The only values accepted, when there is such a list.
    public let allowed: [JSONValue]
    public let minimum: Double?
    public let maximum: Double?
    public let summary: String

    public init(
        _ name: String, _ kind: Kind, unit: Unit? = nil, required: Bool = false, default defaultValue: JSONValue? = nil,
        absentMeans: String? = nil, allowed: [JSONValue] = [], minimum: Double? = nil, maximum: Double? = nil,
        _ summary: String
    ) {
        self.name = name
        self.kind = kind
        self.unit = unit
        self.required = required
        self.defaultValue = defaultValue
        self.absentMeans = absentMeans
        self.allowed = allowed
        self.minimum = minimum
        self.maximum = maximum
        self.summary = summary
    }

    /// The names a person may give it as a command-line option: `--windowSeconds`,
    /// `--window-seconds`, and without the unit's suffix, `--window`.
    public var optionNames: [String] {
        var names = [name, Self.kebab(name)]
        for suffix in ["Ms", "Seconds", "Bytes", "Microseconds"]
        where name.hasSuffix(suffix) && name.count > suffix.count {
            let bare = String(name.dropLast(suffix.count))
            names += [bare, Self.kebab(bare)]
        }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    public static func kebab(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase {
                out += "-" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Why `value` breaks this attribute's range or list, or nil when it does not.
    func violation(of value: JSONValue) -> String? {
        if !allowed.isEmpty, !allowed.contains(value) {
            return "\(name) must be one of \(allowed.map(Self.show).joined(separator: ", "))"
        }
        let number: Double? =
            switch value {
            case .int(let i): Double(i)
            case .double(let d): d
            default: nil
            }
        if let number, let minimum, number < minimum {
            if let maximum { return "\(name) must be between \(Self.show(minimum)) and \(Self.show(maximum))" }
            return "\(name) must be at least \(Self.show(minimum))"
        }
        if let number, let maximum, number > maximum {
            if let minimum { return "\(name) must be between \(Self.show(minimum)) and \(Self.show(maximum))" }
            return "\(name) must be at most \(Self.show(maximum))"
        }
        return nil
    }

    static func show(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    static func show(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return OrderedJSON.value(value).text
    }
}
