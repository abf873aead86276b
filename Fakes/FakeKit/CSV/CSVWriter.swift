import Foundation

/// Writes CSV as Salesforce's bulk APIs answer with it: every field in
/// double quotes (a quote inside doubled), fields split by the dialect's
/// delimiter and records ended by its line ending, the last one included.
/// A null value is an empty quoted field.
public enum CSVWriter {
    public static func document(header: [String], rows: [[String?]], dialect: CSVDialect = .standard) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(64 * (rows.count + 1))
        append(header.map { Optional($0) }, to: &out, dialect: dialect)
        for row in rows { append(row, to: &out, dialect: dialect) }
        return Data(out)
    }

    public static func append(_ row: [String?], to out: inout [UInt8], dialect: CSVDialect = .standard) {
        let quote = UInt8(ascii: "\"")
        for (position, value) in row.enumerated() {
            if position > 0 { out.append(dialect.delimiter) }
            out.append(quote)
            for byte in (value ?? "").utf8 {
                if byte == quote { out.append(quote) }
                out.append(byte)
            }
            out.append(quote)
        }
        out.append(contentsOf: dialect.lineEnding.bytes)
    }
}
