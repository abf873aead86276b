// libFuzzer entry point for the strict JSON parser (Fakes/FakeKit/Values/JSONParser.swift),
// built by run.sh with the parser's own source files (see Fuzz/README.md).
//
// Oracles besides "no crash", checked on every input:
// - a refusal points inside the document: line and column at least 1, the
//   line no further than the document has lines, a message that says something;
// - an accepted value written back as JSON (finite numbers only; 1e400 reads
//   as infinity, which JSON cannot write) parses to the same value;
// - whitespace around a document changes nothing: the same verdict, the same
//   value, and a refusal one line further down.
// Agreement with Python's `json` is checked over the corpus this target grows,
// by differential.py (a reference per input would cost a process each).

import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    let verdict = Result { () throws(JSONSyntaxError) in try JSONParser.parse(bytes) }
    switch verdict {
    case .failure(let error):
        precondition(error.line >= 1 && error.column >= 1, "refusal at \(error.line):\(error.column)")
        let lines = 1 + lineBreaks(in: bytes)
        precondition(error.line <= lines, "refusal at line \(error.line) of a \(lines)-line document")
        precondition(!error.message.isEmpty, "refusal without a message")
    case .success(let value):
        if let written = writtenBack(value) {
            let again = Result { () throws(JSONSyntaxError) in try JSONParser.parse(Data(written.utf8)) }
            precondition((try? again.get()) == value, "\(written) did not read back as the value it was written from: \(again)")
        }
    }
    // A BOM must stay first to be refused as one, so the frame goes after it too.
    if !bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
        // A line break only before: after the document it would move an end-of-file refusal by another line.
        let framed = Data(" \n".utf8) + bytes + Data(" \t".utf8)
        let framedVerdict = Result { () throws(JSONSyntaxError) in try JSONParser.parse(framed) }
        switch (verdict, framedVerdict) {
        case (.success(let plain), .success(let inFrame)):
            precondition(plain == inFrame, "whitespace changed the value")
        case (.failure(let plain), .failure(let inFrame)):
            precondition(inFrame.line == plain.line + 1, "whitespace moved the refusal from line \(plain.line) to \(inFrame.line)")
        default:
            precondition(false, "whitespace changed the verdict: \(verdict) vs \(framedVerdict)")
        }
    }
    return 0
}

/// Line breaks as `JSONSyntaxError` counts them: LF, CR LF, or a lone CR.
private func lineBreaks(in bytes: Data) -> Int {
    var count = 0
    var previous: UInt8 = 0
    for byte in bytes {
        if byte == 0x0A { count += previous == 0x0D ? 0 : 1 } else if byte == 0x0D { count += 1 }
        previous = byte
    }
    return count
}

/// The value as JSON text, or nil when it holds a number JSON cannot write.
private func writtenBack(_ value: JSONValue) -> String? {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .int(let integer): return String(integer)
    case .double(let double):
        guard double.isFinite else { return nil }
        // Swift's description is the shortest text that reads back exactly; ".0" keeps it a Double.
        let text = "\(double)"
        return text.contains(where: { $0 == "." || $0 == "e" }) ? text : text + ".0"
    case .string(let text): return quoted(text)
    case .array(let items):
        var parts: [String] = []
        for item in items {
            guard let part = writtenBack(item) else { return nil }
            parts.append(part)
        }
        return "[" + parts.joined(separator: ",") + "]"
    case .object(let members):
        var parts: [String] = []
        for (key, member) in members {
            guard let part = writtenBack(member) else { return nil }
            parts.append(quoted(key) + ":" + part)
        }
        return "{" + parts.joined(separator: ",") + "}"
    }
}

private func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20: out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
