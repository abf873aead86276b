// A canonical text for a parsed JSON value that Python can produce from its
// own `json.loads` result, so differential.py can compare values and not only
// accept/refuse. Numbers keep the parser's distinction between an integer
// that fits in Int (`i<decimal>`) and a Double (`d<16 hex digits of its bit
// pattern>`, exact and free of formatting differences); strings and keys are
// the hex of their UTF-8 bytes, object members sorted by that hex (which is
// byte order).

func canonicalText(_ value: JSONValue) -> String {
    switch value {
    case .null: return "n"
    case .bool(let flag): return flag ? "t" : "f"
    case .int(let integer): return "i\(integer)"
    case .double(let double): return "d" + hexDigits(double.bitPattern)
    case .string(let text): return "s" + utf8Hex(text)
    case .array(let items): return "[" + items.map(canonicalText).joined(separator: ",") + "]"
    case .object(let members):
        let rendered = members.map { (key: utf8Hex($0.key), value: canonicalText($0.value)) }.sorted { $0.key < $1.key }
        return "{" + rendered.map { "\($0.key):\($0.value)" }.joined(separator: ",") + "}"
    }
}

private func utf8Hex(_ text: String) -> String {
    text.utf8.map { byte in
        let digits = String(byte, radix: 16)
        return byte < 16 ? "0" + digits : digits
    }.joined()
}

private func hexDigits(_ bits: UInt64) -> String {
    let digits = String(bits, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
