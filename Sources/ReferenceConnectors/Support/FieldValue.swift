import Foundation

/// A field value kept in the connector's history, typed so a rollback writes
/// back exactly what was there.
enum FieldValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case text(String)

    init(_ any: Any?) {
        switch any {
        case nil, is NSNull: self = .null
        case let number as NSNumber where String(cString: number.objCType) == "c": self = .bool(number.boolValue)
        case let number as NSNumber: self = .number(number.doubleValue)
        case let text as String: self = .text(text)
        case let list as [Any]: self = .text(list.compactMap { JSONBody.text($0) }.joined(separator: ";"))
        default: self = .text("\(any!)")
        }
    }

    var any: Any {
        switch self {
        case .null: NSNull()
        case .bool(let flag): flag
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? Int(number) as Any : number
        case .text(let text): text
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null } else if let flag = try? container.decode(Bool.self) { self = .bool(flag) } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else { self = .text(try container.decode(String.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        }
    }
}
