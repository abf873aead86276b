import FakeKit

/// A JSON value together with where it sits in the file, for decoding that
/// reports every problem by its JSON path instead of stopping at the first.
struct JSONNode {
    let value: JSONValue
    let path: String
    let log: IssueLog

    func child(_ key: String, _ value: JSONValue) -> JSONNode {
        let simple = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        let childPath = simple ? (path.isEmpty ? key : path + "." + key) : path + "[\"\(key)\"]"
        return JSONNode(value: value, path: childPath, log: log)
    }

    func element(_ index: Int, _ value: JSONValue) -> JSONNode {
        JSONNode(value: value, path: path + "[\(index)]", log: log)
    }

    func fail(_ message: String) { log.add(path, message) }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The members of an object, with unknown keys and missing required keys reported.
    func object(allowed: [String], required: [String] = []) -> ObjectNode? {
        guard case .object(let members) = value else {
            fail("expected an object, found \(Self.kind(value))")
            return nil
        }
        for key in members.keys.sorted() where !allowed.contains(key) {
            child(key, members[key]!).fail("unknown key '\(key)' (known: \(allowed.sorted().joined(separator: ", ")))")
        }
        for key in required where members[key] == nil {
            fail("missing required key '\(key)'")
        }
        return ObjectNode(node: self, members: members)
    }

    var string: String? {
        guard case .string(let text) = value else {
            fail("expected a string, found \(Self.kind(value))")
            return nil
        }
        return text
    }

    var number: Double? {
        guard let number = value.doubleValue else {
            fail("expected a number, found \(Self.kind(value))")
            return nil
        }
        return number
    }

    var integer: Int? {
        guard case .int(let number) = value else {
            fail(value.doubleValue != nil ? "expected a whole number" : "expected a number, found \(Self.kind(value))")
            return nil
        }
        return number
    }

    var bool: Bool? {
        guard case .bool(let flag) = value else {
            fail("expected true or false, found \(Self.kind(value))")
            return nil
        }
        return flag
    }

    var array: [JSONNode]? {
        guard case .array(let items) = value else {
            fail("expected an array, found \(Self.kind(value))")
            return nil
        }
        return items.enumerated().map { element($0.offset, $0.element) }
    }
}
