/// Salesforce record ids: 15 case-sensitive characters (a 3-character key
/// prefix naming the object, then the record's number), usually sent as 18
/// characters whose last three encode the case of the first fifteen, so that
/// the 18-character form can be compared case-insensitively.
public enum SalesforceID {
    static let suffixAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")
    static let base62Bytes = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static let suffixBytes = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".utf8)

    /// The three checksum characters for a 15-character id.
    public static func suffix(for id15: String) -> String {
        let bytes = Array(id15.utf8)
        precondition(bytes.count == 15, "a 15-character id is needed")
        var suffix = ""
        for chunk in 0..<3 {
            var bits = 0
            for i in 0..<5 where (65...90).contains(bytes[chunk * 5 + i]) {
                bits |= 1 << i
            }
            suffix.append(suffixAlphabet[bits])
        }
        return suffix
    }

    /// The canonical 18-character form of a 15- or 18-character id, or nil if
    /// the text is not an id. An 18-character id may arrive in any case: its
    /// suffix says which of the first fifteen letters are upper case.
    public static func canonical(_ text: String) -> String? {
        let chars = Array(text)
        guard chars.count == 15 || chars.count == 18, chars.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            return nil
        }
        if chars.count == 15 { return text + suffix(for: text) }
        var restored = Array(String(chars[0..<15]).lowercased())
        for chunk in 0..<3 {
            guard let bits = suffixAlphabet.firstIndex(of: Character(chars[15 + chunk].uppercased())) else { return nil }
            for i in 0..<5 where bits & (1 << i) != 0 {
                let index = chunk * 5 + i
                guard restored[index].isLetter else { return nil }
                restored[index] = Character(restored[index].uppercased())
            }
        }
        let id15 = String(restored)
        return id15 + suffix(for: id15)
    }

    /// The key prefix (first three characters) of an id.
    public static func keyPrefix(of id: String) -> String { String(id.prefix(3)) }

    /// An 18-character id for `prefix` and a sequence number, minted by the
    /// org on `instance` (two characters, `SalesforceInstance`).
    public static func make(prefix: String, number: Int, instance: SalesforceInstance = .first) -> String {
        precondition(prefix.utf8.count == 3, "key prefixes have three characters")
        // The instance and "000" stand where real ids carry the pod and reserved characters.
        var bytes = Array(prefix.utf8) + Array(instance.code.utf8) + Array("000".utf8) + [UInt8](repeating: 48, count: 7)
        var n = number
        for index in stride(from: 14, through: 8, by: -1) {
            bytes[index] = base62Bytes[n % 62]
            n /= 62
        }
        for chunk in 0..<3 {
            var bits = 0
            for i in 0..<5 where (65...90).contains(bytes[chunk * 5 + i]) { bits |= 1 << i }
            bytes.append(suffixBytes[bits])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
