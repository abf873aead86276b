import Foundation

/// Reads CSV as Salesforce's bulk APIs read job data (RFC 4180): fields
/// split by the dialect's delimiter, optionally wrapped in double quotes, a
/// doubled quote standing for one quote inside a quoted field, and line
/// breaks allowed inside quotes. Both LF and CRLF end a record, whatever
/// the job declares, as Salesforce accepts either. A final line ending is
/// optional; blank lines are skipped. Pure: bytes in, rows out, so it can be
/// fuzzed alone.
public enum CSVReader {
    public static func rows(_ data: Data, dialect: CSVDialect = .standard) throws(CSVError) -> [[String]] {
        let bytes = [UInt8](data)
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        // Whether the current line has begun a record (a byte, a delimiter or a quote seen).
        var inRecord = false
        // Whether the current field was quoted and closed: only a delimiter or a line end may follow.
        var closedQuote = false
        var line = 1
        var index = 0
        let quote = UInt8(ascii: "\""), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

        func finishField() throws(CSVError) {
            guard let text = String(validating: field, as: UTF8.self) else { throw .notUTF8 }
            row.append(text)
            field.removeAll(keepingCapacity: true)
            closedQuote = false
        }
        func finishRecord() throws(CSVError) {
            if inRecord {
                try finishField()
                rows.append(row)
            }
            row = []
            inRecord = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == dialect.delimiter {
                try finishField()
                inRecord = true
                index += 1
            } else if byte == cr || byte == lf {
                try finishRecord()
                index += (byte == cr && index + 1 < bytes.count && bytes[index + 1] == lf) ? 2 : 1
                line += 1
            } else if closedQuote {
                throw .textAfterClosingQuote(line: line)
            } else if byte == quote {
                guard field.isEmpty else { throw .quoteInUnquotedField(line: line) }
                // A quoted field (RFC 4180 §2.5–2.7): read to the closing quote.
                let startLine = line
                inRecord = true
                index += 1
                var closed = false
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == quote {
                        if index + 1 < bytes.count, bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if inner == lf { line += 1 }
                    field.append(inner)
                    index += 1
                }
                guard closed else { throw .unterminatedQuote(line: startLine) }
                closedQuote = true
            } else {
                field.append(byte)
                inRecord = true
                index += 1
            }
        }
        try finishRecord()
        return rows
    }
}
