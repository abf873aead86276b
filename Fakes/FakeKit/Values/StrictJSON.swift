import Foundation

/// Finds keys a Codable model ignored. Swift's decoders skip unknown keys
/// silently; for files people write by hand a typo must be an error. The
/// decoded value is encoded again and every key of the input must appear at
/// the same place in that encoding (keys whose value is null excepted).
package enum StrictJSON {
    /// JSON paths (`objects[2].fields[0].lenght`) of keys the model does not know.
    package static func unknownKeys(input: JSONValue, decoded: some Encodable) throws -> [String] {
        let encoder = JSONEncoder()
        let known = try JSONDecoder().decode(JSONValue.self, from: encoder.encode(decoded))
        var found: [String] = []
        walk(input, known, path: "", into: &found)
        return found
    }

    private static func walk(_ input: JSONValue, _ known: JSONValue, path: String, into found: inout [String]) {
        switch (input, known) {
        case (.object(let given), .object(let model)):
            for (key, value) in given.sorted(by: { $0.key < $1.key }) {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if let modelValue = model[key] {
                    walk(value, modelValue, path: child, into: &found)
                } else if !value.isNull {
                    found.append(child)
                }
            }
        case (.array(let given), .array(let model)) where given.count == model.count:
            for (index, pair) in zip(given, model).enumerated() {
                walk(pair.0, pair.1, path: "\(path)[\(index)]", into: &found)
            }
        default:
            break
        }
    }
}
