/// Company names as people write them, reduced to what identifies the
/// company: "ACME Corp." and "Acme Corporation" are the same customer.
public enum CompanyName {
    static let legalSuffixes: Set<String> = [
        "inc", "incorporated", "corp", "corporation", "co", "company", "llc", "ltd", "limited", "plc", "gmbh", "ag", "sa", "sarl",
        "bv", "nv", "pty", "srl", "spa", "oy", "ab", "as", "kk", "group", "holdings", "the",
    ]

    public static func normalised(_ name: String) -> String {
        let cleaned = String(name.lowercased().map { (c: Character) -> Character in c.isLetter || c.isNumber ? c : " " })
        let words = cleaned.split(separator: " ").map(String.init)
        let meaningful = words.filter { !legalSuffixes.contains($0) }
        return (meaningful.isEmpty ? words : meaningful).joined(separator: " ")
    }

    /// A domain without scheme, `www.` or path, lower-cased.
    public static func domain(_ text: String) -> String {
        var value = text.lowercased()
        for prefix in ["https://", "http://"] where value.hasPrefix(prefix) { value.removeFirst(prefix.count) }
        if value.hasPrefix("www.") { value.removeFirst(4) }
        return String(value.split(separator: "/").first ?? "")
    }
}
