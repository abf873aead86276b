import CommandLineKit
import FakeKit
import Foundation
import SyncVerifier

/// The SV_* variables `serve` prints (`render`), and read back (`parse`): from
/// a file holding its JSON line, `export K=V` lines or dotenv `K=V` lines,
/// over the environment's own.
enum ServeVariables {
    /// `json`: one line of JSON (what scripts and the tests read); `env`:
    /// `export NAME='value'` lines a POSIX shell can source; `dotenv`:
    /// `NAME=value` lines for `.env` readers (values double-quoted when they must be).
    static func render(_ variables: [(String, String)], format: String) -> String {
        switch format {
        case "env":
            return variables.map { "export \($0.0)=\(ShellQuote.quote($0.1))\n" }.joined()
        case "dotenv":
            return variables.map { "\($0.0)=\(dotenvValue($0.1))\n" }.joined()
        default:
            return OrderedJSON.object(variables.map { ($0.0, .value(.string($0.1))) }).text + "\n"
        }
    }

    static func dotenvValue(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && !"\"'`$#\\=".unicodeScalars.contains($0) }
        guard !plain else { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "$", with: "\\$").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }


    static func parse(_ text: String) throws -> [String: String] {
        var variables: [String: String] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("{") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw ExitError(code: 2, "--env: a line starting with '{' is not a JSON object: \(line.prefix(60))")
                }
                for (key, value) in object { if let text = value as? String { variables[key] = text } }
                continue
            }
            var assignment = Substring(line)
            if assignment.hasPrefix("export ") { assignment = assignment.dropFirst("export ".count).drop { $0 == " " } }
            guard let equals = assignment.firstIndex(of: "=") else {
                throw ExitError(code: 2, "--env: not a K=V line: \(line.prefix(60))")
            }
            let key = assignment[..<equals].trimmingCharacters(in: .whitespaces)
            var value = assignment[assignment.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = String(value.dropFirst().dropLast())
                if quote == "\"" {
                    value = value.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(
                        of: "\\\\", with: "\\")
                }
            }
            variables[key] = value
        }
        return variables
    }

    /// The environment, overlaid by `--env FILE` when given.
    static func resolve(_ arguments: ParsedArguments) throws -> [String: String] {
        var variables = ProcessInfo.processInfo.environment
        if let path = arguments.value("--env") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ExitError(code: 2, "--env: cannot read '\(path)'")
            }
            variables.merge(try parse(text)) { _, file in file }
        }
        return variables
    }
}
