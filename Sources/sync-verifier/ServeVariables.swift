import FakeKit
import SyncVerifier

/// The variables `serve` prints, in the form the reader asked for.
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
}
