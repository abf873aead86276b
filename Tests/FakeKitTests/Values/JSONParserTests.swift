import Foundation
import Testing

@testable import FakeKit

@Suite("Strict JSON parser", .tags(.inMemory))
struct JSONParserTests {
    /// Each refusal, with the exact `LINE:COLUMN: message` a person sees.
    static let refusals: [(name: String, document: String, error: String)] = [
        ("trailing comma in an object", #"{"a": 1,}"#, "1:8: trailing comma before '}'"),
        ("trailing comma in an array", "[1, 2,]", "1:6: trailing comma before ']'"),
        ("trailing comma on its own line", "{\n  \"a\": 1,\n}", "2:9: trailing comma before '}'"),
        ("duplicate key", #"{"a": 1, "a": 2}"#, "1:10: duplicate key 'a' (first at line 1, column 2)"),
        ("a key with a newline stays on one line", #"{"a\nb": 1, "a\nb": 2}"#, "1:13: duplicate key 'a\\nb' (first at line 1, column 2)"),
        ("duplicate key, nested", "{\"x\": {\n  \"k\": 1,\n  \"k\": 2\n}}", "3:3: duplicate key 'k' (first at line 2, column 3)"),
        ("line comment", "{\"a\": 1 // note\n}", "1:9: comments are not allowed in JSON"),
        ("block comment first", "/* note */ {}", "1:1: comments are not allowed in JSON"),
        ("comment after a comma", "[1, // two\n 2]", "1:5: comments are not allowed in JSON"),
        ("comment after the value", "{} // done", "1:4: comments are not allowed in JSON"),
        ("a misspelt literal", "{\n  \"a\": True\n}", "2:8: unexpected 'True' (expected a value; the literals are true, false and null, in lower case)"),
        ("a cut-off literal", "[tru]", "1:2: unexpected 'tru' (expected a value; the literals are true, false and null, in lower case)"),
        ("NaN", "[NaN]", "1:2: NaN is not a JSON number"),
        ("-Infinity", "[-Infinity]", "1:2: -Infinity is not a JSON number"),
        ("single-quoted key", "{'a': 1}", "1:2: strings and keys take double quotes (\"), not single ones"),
        ("single-quoted value", "{\"a\": 'x'}", "1:7: strings and keys take double quotes (\"), not single ones"),
        ("unquoted key", "{a: 1}", "1:2: expected a key in double quotes, found 'a'"),
        ("missing colon", #"{"a" 1}"#, "1:6: expected ':' after the key 'a', found '1'"),
        ("missing comma in an object", #"{"a": 1 "b": 2}"#, "1:9: expected ',' or '}' after the value of 'a', found '\"'"),
        ("missing comma in an array", "[1 2]", "1:4: expected ',' or ']' after an array element, found '2'"),
        ("an empty element", "[1,,2]", "1:4: unexpected ',' (expected a value)"),
        ("leading zero", "[01]", "1:2: invalid number '01' (no leading zeros)"),
        ("a point without digits", "[1.]", "1:2: invalid number '1.' (a digit must follow '.')"),
        ("an exponent without digits", "[1e+]", "1:2: invalid number '1e+' (the exponent needs digits)"),
        ("a lone minus", "[-]", "1:2: invalid number '-' (a digit must follow '-')"),
        ("a plus sign", "[+1]", "1:2: unexpected '+' (expected a value)"),
        ("an unknown escape", #"["a\qb"]"#, "1:4: invalid escape '\\q' (known: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"),
        ("a short \\u escape", #"["\u12"]"#, "1:3: \\u takes four hex digits"),
        ("a lone high surrogate", #"["\uD800"]"#, "1:3: \\uD800 is half a surrogate pair; the low half (\\uDC00–\\uDFFF) must follow"),
        ("a lone low surrogate", #"["\uDC00"]"#, "1:3: \\uDC00 is the low half of a surrogate pair with no high half before it"),
        ("a line break in a string", "[\"a\nb\"]", "1:4: unterminated string (a line break inside a string must be written \\n)"),
        ("a tab in a string", "[\"a\tb\"]", "1:4: control character U+0009 inside a string (write it as an escape)"),
        ("an unterminated string", "{\"a\": \"b", "1:7: unterminated string (no closing \")"),
        ("an unclosed object", "{\"a\": 1", "1:8: unexpected end of file inside the object opened at line 1, column 1 (expected ',' or '}')"),
        ("an unclosed array", "[\n[1]", "2:4: unexpected end of file inside the array opened at line 1, column 1 (expected ',' or ']')"),
        ("a key with no value", "{\"a\":", "1:6: unexpected end of file (expected a value)"),
        ("two values", "{} {}", "1:4: unexpected '{' after the JSON value"),
        ("an empty file", "", "1:1: the file is empty"),
        ("only whitespace", " \n ", "2:2: no JSON value, only whitespace"),
        ("columns count characters, not bytes", #"{"é": 1,}"#, "1:8: trailing comma before '}'"),
        ("CR LF is one line break", "{\r\n\"a\": 1,\r\n}", "2:7: trailing comma before '}'"),
    ]

    @Test(arguments: refusals.indices)
    func eachRefusalSaysWhereAndWhy(_ index: Int) {
        let refusal = Self.refusals[index]
        #expect(throws: JSONSyntaxError.self, "\(refusal.name)") { try JSONParser.parse(refusal.document) }
        do {
            _ = try JSONParser.parse(refusal.document)
        } catch {
            #expect(error.description == refusal.error, "\(refusal.name)")
        }
    }

    @Test func bytesThatAreNotUTF8AreRefusedWhereTheyStand() {
        #expect(throws: JSONSyntaxError(line: 2, column: 3, message: "not UTF-8 text (byte 0xFF)")) {
            try JSONParser.parse(Data([UInt8(ascii: "["), 0x0A, UInt8(ascii: "\""), 0xC3, 0xA9, 0xFF, UInt8(ascii: "\""), UInt8(ascii: "]")]))
        }
        #expect(throws: JSONSyntaxError(line: 1, column: 1, message: "the file begins with a byte-order mark; save it as UTF-8 without one")) {
            try JSONParser.parse(Data([0xEF, 0xBB, 0xBF, UInt8(ascii: "1")]))
        }
    }

    @Test func nestingIsLimited() throws {
        let deep = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try JSONParser.parse(deep)
        let tooDeep = "[" + deep + "]"
        #expect(throws: JSONSyntaxError(line: 1, column: JSONParser.maximumDepth + 1, message: "nested deeper than 512 levels")) {
            try JSONParser.parse(tooDeep)
        }
    }

    @Test func aFileErrorNamesTheFileLineAndColumn() {
        #expect(throws: JSONFileError(file: "org.json", syntax: JSONSyntaxError(line: 1, column: 8, message: "trailing comma before '}'"))) {
            try JSONParser.parse(Data(#"{"a": 1,}"#.utf8), file: "org.json")
        }
        let error = JSONFileError(file: "Scenarios/x.json", syntax: JSONSyntaxError(line: 3, column: 5, message: "m"))
        #expect(error.description == "Scenarios/x.json:3:5: m")
    }

    @Test func valuesKeepTheirKindAndExactValue() throws {
        #expect(try JSONParser.parse("1") == .int(1))
        #expect(try JSONParser.parse("-0") == .int(0))
        #expect(try JSONParser.parse("1.0") == .double(1))
        #expect(try JSONParser.parse("1E2") == .double(100))
        #expect(try JSONParser.parse("0.1") == .double(0.1))
        #expect(try JSONParser.parse("9223372036854775807") == .int(Int.max))
        #expect(try JSONParser.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONParser.parse(#""a\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00""#) == .string("a\"\\/\u{08}\u{0C}\n\r\té😀"))
        #expect(try JSONParser.parse(#" {"a": [true, false, null, {}], "b": "" } "#) == ["a": [true, false, nil, [:]], "b": ""])
    }
}
