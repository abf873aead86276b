import Foundation

/// JSON whose object keys keep the order they were given in. Real APIs
/// answer with keys in a fixed order (Salesforce puts `attributes` first and
/// then the fields as selected); `JSONSerialization` would scramble them.
public indirect enum OrderedJSON: Sendable, Equatable {
    case value(JSONValue)
    case object([(String, OrderedJSON)])
    case array([OrderedJSON])

    public static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool { lhs.plain == rhs.plain }

    /// The same JSON without key order.
    public var plain: JSONValue {
        switch self {
        case .value(let v): v
        case .object(let pairs): .object(Dictionary(pairs.map { ($0.0, $0.1.plain) }, uniquingKeysWith: { _, last in last }))
        case .array(let items): .array(items.map(\.plain))
        }
    }

    public func serialized() -> Data {
        var out = ""
        write(into: &out)
        return Data(out.utf8)
    }

    public var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .object(let pairs):
            out += "{"
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(pair.0, into: &out)
                out += ":"
                pair.1.write(into: &out)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .value(let value):
            Self.write(value, into: &out)
        }
    }

    static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 {
                out += String(Int(d)) + ".0"
            } else {
                out += d.isFinite ? String(d) : "null"
            }
        case .string(let s): writeString(s, into: &out)
        case .array(let items): OrderedJSON.array(items.map { .value($0) }).write(into: &out)
        case .object(let dict): OrderedJSON.object(dict.sorted { $0.key < $1.key }.map { ($0.key, .value($0.value)) }).write(into: &out)
        }
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
