import Foundation
import Testing

@testable import FakeKit

/// Our parser against Python's `json` on the same documents: every valid one
/// must give the same value (numbers to the bit), and every document we
/// refuse, Python refuses too, except duplicate keys (Python keeps the last).
@Suite("Strict JSON parser against Python's json", .tags(.endToEnd))
struct JSONParserParityTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let validDocuments: [String] = [
        "0", "-0", "1", "-1", "42", "1.5", "-0.0", "0.1", "1e2", "1E-2", "1.25e+3", "2.2250738585072014e-308", "1.7976931348623157e308",
        "5e-324", "1e400", "-1e400", "9223372036854775807", "-9223372036854775808", "123456789012345678.0", "0.30000000000000004",
        "true", "false", "null", #""""#, #""plain""#, #""\"\\\/\b\f\n\r\t""#, #""\u0000\u001f\u007f\u0080\u07ff\u0800\uffff""#,
        #""\uD83D\uDE00 \ud834\udd1e""#, "\"é 漢字 😀 \u{10FFFF}\"", "[]", "{}", "[[[]]]", #"{"":""}"#, " \t\r\n[ 1 , 2 ]\r\n ",
        #"{"a": {"b": [1, 2.0, "3", null, true, false]}, "c": {}}"#, #"{"é": 1, "e": 2, "z": 3, "A": 4}"#,
        #"[1e0, 1e1, 10, 10.0, 100e-1]"#, #"{"format": "sync-verifier/scenario@1", "steps": [{"expect": "record", "withinSeconds": 0.5}]}"#,
    ]

    /// Refused by both (duplicate keys aside, which only we refuse).
    static let refusedByBoth: [String] = [
        #"{"a": 1,}"#, "[1,]", "// c\n{}", "/* c */ []", "[01]", "[1.]", "['a']", "{a: 1}", "[tru]", "[\"a\nb\"]", "[\"\\q\"]", "",
    ]

    /// Every JSON file the package ships that is meant to be valid.
    static func packageFiles() -> [URL] {
        var found: [URL] = []
        for folder in ["Scenarios", "Fakes/FakeCRM/Orgs", "Fakes/FakePRM/Programs", "Examples", "Tests/SyncVerifierTests/Fixtures/scenarios", "Tests/FakeCRMTests/Fixtures"] {
            let base = packageRoot.appendingPathComponent(folder)
            let names = (FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".json") }
            found += names.sorted().map { base.appendingPathComponent($0) }
        }
        return found
    }

    static let pythonCanonical = #"""
        import base64, json, struct, sys
        def key(text): return text.encode("utf-8", "surrogatepass")
        def c(v):
            if v is None: return "n"
            if v is True: return "t"
            if v is False: return "f"
            if isinstance(v, int): return "i%d" % v
            if isinstance(v, float): return "d%016x" % struct.unpack("<Q", struct.pack("<d", v))[0]
            if isinstance(v, str): return "s" + key(v).hex()
            if isinstance(v, list): return "[" + ",".join(c(x) for x in v) + "]"
            return "{" + ",".join(key(k).hex() + ":" + c(x) for k, x in sorted(v.items(), key=lambda kv: key(kv[0]))) + "}"
        for line in sys.stdin:
            try:
                print(c(json.loads(base64.b64decode(line.strip()).decode("utf-8"))))
            except Exception:
                print("!refused")
        """#

    /// The same canonical form as the Python above.
    static func canonical(_ value: JSONValue) -> String {
        func hex(_ text: String) -> String { text.utf8.map { String(format: "%02x", $0) }.joined() }
        switch value {
        case .null: return "n"
        case .bool(let flag): return flag ? "t" : "f"
        case .int(let number): return "i\(number)"
        case .double(let number):
            let bits = String(number.bitPattern, radix: 16)
            return "d" + String(repeating: "0", count: 16 - bits.count) + bits
        case .string(let text): return "s" + hex(text)
        case .array(let items): return "[" + items.map(canonical).joined(separator: ",") + "]"
        case .object(let members):
            let sorted = members.map { (hex($0.key), $0.value) }.sorted { $0.0 < $1.0 }
            return "{" + sorted.map { "\($0.0):\(canonical($0.1))" }.joined(separator: ",") + "}"
        }
    }

    static func python(_ documents: [Data]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", pythonCanonical]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let lines = documents.map { $0.base64EncodedString() }.joined(separator: "\n") + "\n"
        // Write from another thread while this one reads, so neither pipe can fill and stall.
        let writer = input.fileHandleForWriting
        let payload = Data(lines.utf8)
        DispatchQueue.global().async {
            writer.write(payload)
            try? writer.close()
        }
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: answer, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func validDocumentsGivePythonsValues() throws {
        let files = Self.packageFiles()
        #expect(files.count > 30)
        let documents = Self.validDocuments.map { Data($0.utf8) } + (try files.map { try Data(contentsOf: $0) })
        let names = Self.validDocuments + files.map(\.path)
        let expected = try Self.python(documents)
        try #require(expected.count == documents.count)
        for (index, document) in documents.enumerated() {
            let ours = try JSONParser.parse(document)
            #expect(Self.canonical(ours) == expected[index], "\(names[index])")
        }
    }

    @Test func whatWeRefusePythonRefusesToo() throws {
        let answers = try Self.python(Self.refusedByBoth.map { Data($0.utf8) })
        for (document, answer) in zip(Self.refusedByBoth, answers) {
            #expect(throws: JSONSyntaxError.self, "\(document)") { try JSONParser.parse(document) }
            #expect(answer == "!refused", "\(document)")
        }
        // The one difference: Python keeps the last of two equal keys; a typo there is a silent loss.
        #expect(try Self.python([Data(#"{"a": 1, "a": 2}"#.utf8)]) == ["{61:i2}"])
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(#"{"a": 1, "a": 2}"#) }
    }
}
