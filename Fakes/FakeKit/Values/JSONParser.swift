import Foundation

/// A strict JSON parser (RFC 8259) for files people write by hand: scenarios,
/// connector manifests, org and program files. Foundation's
/// `JSONSerialization` accepts trailing commas and duplicate keys and reports
/// a character offset; this one refuses both, refuses comments, and says
/// where each problem is as a line and a column.
///
/// What it accepts is exactly RFC 8259's grammar (§2–§8): any value at the
/// top, the four whitespace characters, UTF-8 text. It refuses what the RFC
/// leaves open or forbids: a duplicate name in an object (§4 "SHOULD be
/// unique"), a byte-order mark (§8.1 "MUST NOT add"), an escaped lone
/// surrogate (§8.2, a Swift `String` cannot hold one), `NaN` and `Infinity`
/// (§6). Nesting is limited to `maximumDepth` levels.
///
/// Numbers are converted from their exact text: an integer that fits in
/// `Int` stays an integer (`.int`), anything else is the nearest `Double`
/// (`.double`), the same value Python's `json` gives for it (integers beyond
/// 64 bits aside, which Python keeps exact).
package struct JSONParser {
    package static let maximumDepth = 512

    private let bytes: [UInt8]
    private var offset = 0
    private var depth = 0

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// The value of a whole document.
    package static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: Array(data))
        return try parser.document()
    }

    package static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Data(text.utf8))
    }

    // MARK: the grammar

    private mutating func document() throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw error(at: 0, "the file begins with a byte-order mark; save it as UTF-8 without one")
        }
        if let bad = Self.firstInvalidUTF8(bytes) { throw error(at: bad, "not UTF-8 text (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))") }
        skipWhitespace()
        guard offset < bytes.count else { throw error(at: offset, bytes.isEmpty ? "the file is empty" : "no JSON value, only whitespace") }
        let value = try self.value()
        skipWhitespace()
        if offset < bytes.count {
            throw error(at: offset, isCommentStart ? Self.commentMessage : "unexpected \(describe(at: offset)) after the JSON value")
        }
        return value
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard offset < bytes.count else { throw error(at: offset, "unexpected end of file (expected a value)") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "'"): throw error(at: offset, Self.singleQuoteMessage)
        case let byte where byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"):
            throw error(at: offset, Self.literalMessage(peekWord(offset)))
        default:
            if isCommentStart { throw error(at: offset, Self.commentMessage) }
            throw error(at: offset, "unexpected \(describe(at: offset)) (expected a value)")
        }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        let open = offset
        try enter(open)
        offset += 1
        var members: [String: JSONValue] = [:]
        var keyOffsets: [String: Int] = [:]
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            offset += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard offset < bytes.count else { throw error(at: offset, "unexpected end of file inside the object opened at \(position(open)) (expected a key)") }
            guard bytes[offset] == UInt8(ascii: "\"") else {
                if isCommentStart { throw error(at: offset, Self.commentMessage) }
                if bytes[offset] == UInt8(ascii: "'") { throw error(at: offset, Self.singleQuoteMessage) }
                throw error(at: offset, "expected a key in double quotes, found \(describe(at: offset))")
            }
            let keyOffset = offset
            let key = try string()
            if let first = keyOffsets[key] {
                throw error(at: keyOffset, "duplicate key '\(Self.printable(key))' (first at \(position(first)))")
            }
            keyOffsets[key] = keyOffset
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else {
                throw error(at: offset, offset < bytes.count ? "expected ':' after the key '\(Self.printable(key))', found \(describe(at: offset))" : "unexpected end of file (expected ':' after the key '\(Self.printable(key))')")
            }
            offset += 1
            skipWhitespace()
            members[key] = try value()
            if try separator(closing: "}", container: "object", opened: open, after: "the value of '\(Self.printable(key))'") { return .object(members) }
        }
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        let open = offset
        try enter(open)
        offset += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            offset += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { throw error(at: offset, "unexpected ',' (expected a value)") }
            items.append(try value())
            if try separator(closing: "]", container: "array", opened: open, after: "an array element") { return .array(items) }
        }
    }

    /// After a member or element: the closing bracket (true, consumed) or a
    /// comma that another value follows (false). A comma right before the
    /// closing bracket is a trailing comma, refused at the comma.
    private mutating func separator(closing: Unicode.Scalar, container: String, opened open: Int, after what: String) throws(JSONSyntaxError) -> Bool {
        let close = UInt8(ascii: closing)
        skipWhitespace()
        guard offset < bytes.count else {
            throw error(at: offset, "unexpected end of file inside the \(container) opened at \(position(open)) (expected ',' or '\(closing)')")
        }
        if bytes[offset] == close {
            offset += 1
            depth -= 1
            return true
        }
        guard bytes[offset] == UInt8(ascii: ",") else {
            if isCommentStart { throw error(at: offset, Self.commentMessage) }
            throw error(at: offset, "expected ',' or '\(closing)' after \(what), found \(describe(at: offset))")
        }
        let comma = offset
        offset += 1
        skipWhitespace()
        if peek(close) { throw error(at: comma, "trailing comma before '\(closing)'") }
        return false
    }

    private mutating func enter(_ open: Int) throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw error(at: open, "nested deeper than \(Self.maximumDepth) levels") }
    }

    /// RFC 8259 §7. The caller is at the opening quote.
    private mutating func string() throws(JSONSyntaxError) -> String {
        let open = offset
        offset += 1
        var scalars = String.UnicodeScalarView()
        var run = offset  // start of the bytes not yet copied
        func flush(_ end: Int) {
            scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars)
        }
        while true {
            guard offset < bytes.count else { throw error(at: open, "unterminated string (no closing \")") }
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                flush(offset)
                offset += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush(offset)
                scalars.append(try escape())
                run = offset
            case 0x00..<0x20:
                throw error(at: offset, byte == 0x0A ? "unterminated string (a line break inside a string must be written \\n)" : "control character U+\(hex4(UInt32(byte))) inside a string (write it as an escape)")
            default:
                offset += 1
            }
        }
    }

    /// One escape sequence; the caller is at the backslash.
    private mutating func escape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let start = offset
        offset += 1
        guard offset < bytes.count else { throw error(at: start, "unterminated string (it ends in a backslash)") }
        let letter = bytes[offset]
        offset += 1
        switch letter {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hexUnit(start)
            switch unit {
            case 0xD800..<0xDC00:
                let second = offset
                guard bytes[offset...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else {
                    throw error(at: start, "\\u\(hex4(unit)) is half a surrogate pair; the low half (\\uDC00–\\uDFFF) must follow")
                }
                offset += 2
                let low = try hexUnit(second)
                guard (0xDC00..<0xE000).contains(low) else {
                    throw error(at: second, "\\u\(hex4(low)) cannot follow the high surrogate \\u\(hex4(unit)) (expected \\uDC00–\\uDFFF)")
                }
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
            case 0xDC00..<0xE000:
                throw error(at: start, "\\u\(hex4(unit)) is the low half of a surrogate pair with no high half before it")
            default:
                return Unicode.Scalar(unit)!
            }
        default:
            throw error(at: start, "invalid escape \(describe(at: start, length: 2)) (known: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
        }
    }

    /// The four hex digits of a `\u` escape; the caller is just past the `u`.
    private mutating func hexUnit(_ escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        var unit: UInt32 = 0
        for _ in 0..<4 {
            guard offset < bytes.count, let digit = Self.hexDigit(bytes[offset]) else {
                throw error(at: escapeStart, "\\u takes four hex digits")
            }
            unit = unit << 4 | digit
            offset += 1
        }
        return unit
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = offset
        var integral = true
        if peek(UInt8(ascii: "-")) { offset += 1 }
        guard offset < bytes.count, Self.isDigit(bytes[offset]) else {
            throw error(at: start, peekWord(start) == "-Infinity" ? Self.literalMessage("-Infinity") : "invalid number '\(numberText(start))' (a digit must follow '-')")
        }
        if bytes[offset] == UInt8(ascii: "0"), offset + 1 < bytes.count, Self.isDigit(bytes[offset + 1]) {
            throw error(at: start, "invalid number '\(numberText(start))' (no leading zeros)")
        }
        skipDigits()
        if peek(UInt8(ascii: ".")) {
            integral = false
            offset += 1
            guard offset < bytes.count, Self.isDigit(bytes[offset]) else {
                throw error(at: start, "invalid number '\(numberText(start))' (a digit must follow '.')")
            }
            skipDigits()
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            integral = false
            offset += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { offset += 1 }
            guard offset < bytes.count, Self.isDigit(bytes[offset]) else {
                throw error(at: start, "invalid number '\(numberText(start))' (the exponent needs digits)")
            }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if integral, let integer = Int(text) { return .int(integer) }
        return .double(Double(text)!)
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let utf8 = Array(word.utf8)
        guard bytes[offset...].starts(with: utf8) else {
            throw error(at: offset, Self.literalMessage(peekWord(offset)))
        }
        offset += utf8.count
        return value
    }

    // MARK: scanning

    private mutating func skipWhitespace() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
    }

    private mutating func skipDigits() {
        while offset < bytes.count, Self.isDigit(bytes[offset]) { offset += 1 }
    }

    private func peek(_ byte: UInt8) -> Bool { offset < bytes.count && bytes[offset] == byte }

    private var isCommentStart: Bool {
        offset + 1 < bytes.count && bytes[offset] == UInt8(ascii: "/") && (bytes[offset + 1] == UInt8(ascii: "/") || bytes[offset + 1] == UInt8(ascii: "*"))
    }

    private static let commentMessage = "comments are not allowed in JSON"

    private static let singleQuoteMessage = "strings and keys take double quotes (\"), not single ones"

    private static func literalMessage(_ word: String) -> String {
        if ["NaN", "Infinity", "-Infinity"].contains(word) { return "\(word) is not a JSON number" }
        return "unexpected '\(word)' (expected a value; the literals are true, false and null, in lower case)"
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The offset of the first byte that is not part of well-formed UTF-8, if any.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return nil }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    // MARK: messages

    /// What is at `offset`, for a message: `'x'`, `'é'`, or `end of file`.
    /// A key as a message shows it: control characters escaped, so an error stays one line
    /// (`FILE:LINE:COLUMN: message`) whatever the key holds (found by Fuzz/JSON's differential run).
    static func printable(_ key: String) -> String {
        var text = ""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                text += String(format: "\\u%04X", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    private func describe(at offset: Int, length: Int = 1) -> String {
        guard offset < bytes.count else { return "end of file" }
        var end = offset
        var characters = 0
        while end < bytes.count, characters < length {
            end += 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            characters += 1
        }
        let text = String(decoding: bytes[offset..<end], as: UTF8.self)
        if let scalar = text.unicodeScalars.first, length == 1, scalar.value < 0x20 { return "U+\(hex4(scalar.value))" }
        return "'\(text)'"
    }

    /// The letters from `offset` on, for a misspelt literal (`True`, `NaN`).
    private func peekWord(_ offset: Int) -> String {
        var end = offset
        while end < bytes.count, end - offset < 16,
            bytes[end] == UInt8(ascii: "-") || (bytes[end] | 0x20 >= UInt8(ascii: "a") && bytes[end] | 0x20 <= UInt8(ascii: "z"))
        { end += 1 }
        return end == offset ? String(decoding: bytes[offset..<min(offset + 1, bytes.count)], as: UTF8.self) : String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    /// The characters of a malformed number, up to the next delimiter.
    private func numberText(_ start: Int) -> String {
        var end = start
        while end < bytes.count, end - start < 32, !(Self.delimiters.contains(bytes[end])) { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static let delimiters: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":")]

    private func error(at offset: Int, _ message: String) -> JSONSyntaxError {
        let (line, column) = JSONSyntaxError.location(of: offset, in: bytes)
        return JSONSyntaxError(line: line, column: column, message: message)
    }

    private func position(_ offset: Int) -> String {
        let (line, column) = JSONSyntaxError.location(of: offset, in: bytes)
        return "line \(line), column \(column)"
    }
}

/// Where a JSON document stops being JSON, and why.
package struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    /// 1-based; a line ends at LF, CR LF or a lone CR.
    package let line: Int
    /// 1-based, in Unicode scalars from the start of the line (a tab counts one).
    package let column: Int
    package let message: String

    package init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `LINE:COLUMN: message`.
    package var description: String { "\(line):\(column): \(message)" }

    /// `FILE:LINE:COLUMN: message`, as compilers report, so editors jump to it.
    package func located(in file: String) -> String { "\(file):\(line):\(column): \(message)" }

    static func location(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 && byte != 0x0D {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }
}

/// A file that is not JSON, reported as `FILE:LINE:COLUMN: what is wrong`.
package struct JSONFileError: Error, Equatable, CustomStringConvertible {
    package let file: String
    package let syntax: JSONSyntaxError

    package init(file: String, syntax: JSONSyntaxError) {
        self.file = file
        self.syntax = syntax
    }

    package var description: String { syntax.located(in: file) }
}

extension JSONParser {
    /// A document read from `file`, with a syntax error naming the file.
    package static func parse(_ data: Data, file: String) throws(JSONFileError) -> JSONValue {
        do {
            return try parse(data)
        } catch {
            throw JSONFileError(file: file, syntax: error)
        }
    }
}
