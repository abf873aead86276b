import CommandLineKit
import FakeKit
import Foundation
import SyncVerifier

/// Turns `fault add TYPE --ATTRIBUTE value…` into the fault's JSON, by the
/// fault type's description, then runs it through the decoder scenarios use:
/// what is refused there is refused here, in the same words.
enum FaultBuilder {
    static func fault(type: String, discriminator: String? = nil, attributes: [(name: String, value: String)]) throws
        -> JSONValue
    {
        let description = FaultSpec.description(of: type)
        var object: [String: JSONValue] = ["type": .string(type)]
        var scope: [String: JSONValue] = [:]
        if let discriminator, let key = description?.discriminator { object[key] = .string(discriminator) }
        for (name, text) in attributes {
            if let attribute = description?.attributes.first(where: { $0.optionNames.contains(name) }) {
                guard object[attribute.name] == nil else { throw UsageError("'--\(name)' given more than once") }
                object[attribute.name] = try value(text, as: attribute, option: name)
            } else if description?.isTraffic == true,
                let attribute = FaultDescription.scope.first(where: { $0.optionNames.contains(name) })
            {
                scope[attribute.name] = try value(text, as: attribute, option: name)
            } else {
                // Not an attribute of this type: the decoder names the mistake, as in a scenario.
                object[camel(name)] =
                    (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .string(text)
            }
        }
        if !scope.isEmpty { object["scope"] = .object(scope) }
        let fault = JSONValue.object(object)
        do {
            _ = try JSONDecoder().decode(FaultSpec.self, from: JSONEncoder().encode(fault))
        } catch let error as DecodingError {
            let (path, message) = ScenarioDecoder.split(error)
            throw ExitError(
                code: 2, "inject\(path): \(message)\n  (the fault as JSON: \(OrderedJSON.value(fault).text))")
        }
        return fault
    }

    /// A flag's text as the attribute's JSON kind; text that is not of that
    /// kind is passed as a string, for the decoder to refuse by name.
    static func value(_ text: String, as attribute: FaultAttribute, option: String) throws -> JSONValue {
        switch attribute.kind {
        case .integer, .number:
            return Int(text).map(JSONValue.int) ?? Double(text).map(JSONValue.double) ?? .string(text)
        case .boolean: return text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
        case .string: return .string(text)
        case .strings:
            return .array(text.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
        case .object, .stringOrObject, .any:
            if let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)),
                attribute.kind != .stringOrObject || json.objectValue != nil
            {
                return json
            }
            guard attribute.kind != .object else {
                throw UsageError("'--\(option)' takes a JSON object, not '\(text)'")
            }
            return .string(text)
        }
    }

    /// `add-field` → `addField`, `bytes-per-second` → `bytesPerSecond`.
    static func camel(_ name: String) -> String {
        let parts = name.split(separator: "-")
        guard let first = parts.first else { return name }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
