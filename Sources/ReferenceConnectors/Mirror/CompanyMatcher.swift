import Foundation

/// Company names as people write them: "ACME Corp." and "Acme Corporation"
/// are one company. Case, punctuation and legal suffixes are ignored.
enum CompanyMatcher {
    static let suffixes: Set<String> = [
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc", "gmbh", "ag", "sa", "sarl", "bv", "nv", "pty", "srl", "oy", "ab",
    ]

    static func key(_ name: String) -> String {
        if MirrorDefect.on(.naiveAccountMatching) { return name }
        let cleaned = String(name.lowercased().map { (c: Character) -> Character in c.isLetter || c.isNumber ? c : " " })
        let words = cleaned.split(separator: " ").map(String.init)
        var kept = words
        while let last = kept.last, suffixes.contains(last), kept.count > 1 { kept.removeLast() }
        return kept.joined(separator: " ")
    }

    /// `https://www.acme.example/about` → `acme.example`.
    static func domain(_ text: String?) -> String? {
        if MirrorDefect.on(.naiveAccountMatching) { return nil }
        guard var text = text?.lowercased(), !text.isEmpty else { return nil }
        if let range = text.range(of: "://") { text = String(text[range.upperBound...]) }
        text = String(text.prefix { $0 != "/" && $0 != ":" })
        if text.hasPrefix("www.") { text = String(text.dropFirst(4)) }
        return text.isEmpty ? nil : text
    }
}
