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

    /// Equal as values: 5000 and 5000.0, "A;B" and ["A","B"], and two
    /// spellings of one instant (`…+0000` and `…Z`).
    static func same(_ a: Any?, _ b: Any?) -> Bool {
        // An empty text is no value: systems store "" and null alike.
        let left = text(a).flatMap { $0.isEmpty ? nil : $0 }
        let right = text(b).flatMap { $0.isEmpty ? nil : $0 }
        if left == right { return true }
        guard let left, let right, left.count >= 19, right.count >= 19, left.dropFirst(10).first == "T", right.dropFirst(10).first == "T",
            let one = instant(left), let two = instant(right)
        else { return false }
        return abs(one.timeIntervalSince(two)) < 0.0005
    }

    static func instant(_ text: String) -> Date? {
        var normalized = text
        // Salesforce writes +0000 without a colon.
        if let sign = normalized.dropFirst(19).lastIndex(where: { $0 == "+" || $0 == "-" }), normalized.distance(from: sign, to: normalized.endIndex) == 5 {
            normalized.insert(":", at: normalized.index(sign, offsetBy: 3))
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: normalized) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: normalized)
    }
}
