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
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return Data(out)
    }

    public var text: String {
        var out: [UInt8] = []
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    // Written as bytes: serialising pages of 2,000 records is on the paging hot path.
    private func write(into out: inout [UInt8]) {
        switch self {
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(pair.0, into: &out)
                out.append(UInt8(ascii: ":"))
                pair.1.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .value(let value):
            Self.write(value, into: &out)
        }
    }

    static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 {
                out.append(contentsOf: (String(Int(d)) + ".0").utf8)
            } else {
                out.append(contentsOf: (d.isFinite ? String(d) : "null").utf8)
            }
        case .string(let s): writeString(s, into: &out)
        case .array(let items): OrderedJSON.array(items.map { .value($0) }).write(into: &out)
        case .object(let dict): OrderedJSON.object(dict.sorted { $0.key < $1.key }.map { ($0.key, .value($0.value)) }).write(into: &out)
        }
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let utf8 = s.utf8
        // Most strings need no escaping: copy their bytes in one go.
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: utf8)
        } else {
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
                case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
                case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
                case 0..<0x20:
                    let hex = String(byte, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
