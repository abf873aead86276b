import Foundation

/// JSON in and out of HTTP bodies, as the connectors use it.
enum JSONBody {
    static func encode(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed])) ?? Data()
    }

    static func decode(_ data: Data) -> Any? {
        data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    /// A value as text for comparing across systems (5000 and 5000.0 alike).
    static func text(_ value: Any?) -> String? {
        switch value {
        case nil, is NSNull: return nil
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            let double = number.doubleValue
            return double == double.rounded() && abs(double) < 1e15 ? String(Int64(double)) : String(double)
        case let text as String: return text
        case let list as [Any]: return list.compactMap { text($0) }.joined(separator: ";")
        default: return "\(value!)"
        }
    }

    static func same(_ a: Any?, _ b: Any?) -> Bool { text(a) == text(b) }
}
