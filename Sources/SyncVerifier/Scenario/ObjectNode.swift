import FakeKit

/// The members of a JSON object being decoded, with typed accessors that
/// report a wrong type at the member's path.
struct ObjectNode {
    let node: JSONNode
    let members: [String: JSONValue]

    func has(_ key: String) -> Bool { members[key] != nil }

    func child(_ key: String) -> JSONNode? { members[key].map { node.child(key, $0) } }

    func string(_ key: String) -> String? { child(key)?.string }
    func number(_ key: String) -> Double? { child(key)?.number }
    func integer(_ key: String) -> Int? { child(key)?.integer }
    func bool(_ key: String) -> Bool? { child(key)?.bool }

    /// A string that must be one of `choices`.
    func choice(_ key: String, _ choices: [String]) -> String? {
        guard let child = child(key), let text = child.string else { return nil }
        guard choices.contains(text) else {
            child.fail("'\(text)' is not one of \(choices.joined(separator: ", "))")
            return nil
        }
        return text
    }

    /// A number of seconds, greater than zero (or zero when `allowZero`).
    func seconds(_ key: String, allowZero: Bool = false) -> Double? {
        guard let child = child(key), let value = child.number else { return nil }
        guard value > 0 || (allowZero && value == 0) else {
            child.fail("must be greater than \(allowZero ? "or equal to " : "")0")
            return nil
        }
        return value
    }

    func strings(_ key: String) -> [String]? {
        guard let items = child(key)?.array else { return nil }
        let texts = items.compactMap(\.string)
        return texts.count == items.count ? texts : nil
    }
}
