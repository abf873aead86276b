/// Salesforce record ids: 15 case-sensitive characters (a 3-character key
/// prefix naming the object, then the record's number), usually sent as 18
/// characters whose last three encode the case of the first fifteen, so that
/// the 18-character form can be compared case-insensitively.
public enum SalesforceID {
    static let suffixAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")
    static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// The three checksum characters for a 15-character id.
    public static func suffix(for id15: String) -> String {
        let chars = Array(id15)
        precondition(chars.count == 15, "a 15-character id is needed")
        var suffix = ""
        for chunk in 0..<3 {
            var bits = 0
            for i in 0..<5 where chars[chunk * 5 + i].isASCII && chars[chunk * 5 + i].isUppercase {
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

    /// An 18-character id for `prefix` and a sequence number.
    public static func make(prefix: String, number: Int) -> String {
        precondition(prefix.count == 3, "key prefixes have three characters")
        var digits = ""
        var n = number
        for _ in 0..<7 {
            digits = String(base62[n % 62]) + digits
            n /= 62
        }
        // "8c" and "0" stand where real ids carry the instance and reserved characters.
        let id15 = prefix + "8c" + "000" + digits
        return id15 + suffix(for: id15)
    }
}
