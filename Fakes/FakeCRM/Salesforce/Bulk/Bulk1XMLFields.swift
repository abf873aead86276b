import Foundation

/// The child elements of a flat XML document such as a Bulk API 1.0
/// `jobInfo`: `<jobInfo xmlns="…"><operation>insert</operation>…</jobInfo>`
/// gives `["operation": "insert", …]`. Nested elements, attributes of
/// children and mixed content are refused: a jobInfo has none. Pure, so it
/// can be fuzzed alone.
enum Bulk1XMLFields {
    enum Failure: Error, Equatable { case malformed(String) }

    static func parse(_ data: Data, root expected: String) throws(Failure) -> [String: String] {
        guard var text = String(data: data, encoding: .utf8) else { throw .malformed("not UTF-8") }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("<?xml") {
            guard let end = text.range(of: "?>") else { throw .malformed("unterminated XML declaration") }
            text = String(text[end.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard text.hasPrefix("<"), let open = text.firstIndex(of: ">") else { throw .malformed("no root element") }
        let rootTag = text[text.index(after: text.startIndex)..<open]
        let rootName = rootTag.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).first.map(String.init) ?? ""
        guard rootName == expected else { throw .malformed("expected root element \(expected), found \(rootName)") }
        let closing = "</\(rootName)>"
        guard text.hasSuffix(closing) else { throw .malformed("root element \(rootName) is not closed") }
        var body = text[text.index(after: open)..<text.index(text.endIndex, offsetBy: -closing.count)]
        var fields: [String: String] = [:]
        while true {
            body = body.drop { $0.isWhitespace }
            if body.isEmpty { break }
            guard body.first == "<", let tagEnd = body.firstIndex(of: ">") else { throw .malformed("text outside an element") }
            let name = String(body[body.index(after: body.startIndex)..<tagEnd])
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { throw .malformed("bad element <\(name)>") }
            let rest = body[body.index(after: tagEnd)...]
            guard let close = rest.range(of: "</\(name)>") else { throw .malformed("element \(name) is not closed") }
            let value = rest[..<close.lowerBound]
            guard !value.contains("<") else { throw .malformed("element \(name) has nested elements") }
            fields[name] = unescape(String(value))
            body = rest[close.upperBound...]
        }
        return fields
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
