/// Strict decoding for fault values: scenario authors write them by hand,
/// and a misspelt attribute must be an error, not a silent default.
enum FaultDecoding {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func refuseUnknownKeys(_ decoder: any Decoder, allowed: [String]) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        for key in container.allKeys where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "unknown key '\(key.stringValue)' (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// Checks the values given against the description's ranges and allowed
    /// values, after the typed decoding has checked their types.
    static func checkValues(_ decoder: any Decoder, against description: FaultDescription) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        guard case .object(let object) = try JSONValue(from: decoder) else { return }
        for attribute in description.attributes {
            guard let value = object[attribute.name], value != .null, let problem = attribute.violation(of: value) else { continue }
            throw DecodingError.dataCorruptedError(forKey: AnyKey(stringValue: attribute.name)!, in: container, debugDescription: problem)
        }
    }

    /// A decoding error as a person reads it: `scope.probability: probability must be between 0 and 1`.
    static func message(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath)
            return (at.isEmpty ? "" : at + ": ") + "missing key '\(key.stringValue)'"
                + (context.debugDescription.hasPrefix("No value") ? "" : " (\(context.debugDescription))")
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(type), found null"
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            return (at.isEmpty ? "" : at + ": ") + context.debugDescription
        @unknown default:
            return String(describing: error)
        }
    }
}
