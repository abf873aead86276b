// libFuzzer entry point for the CSV reader and writer of the bulk APIs
// (Fakes/FakeKit/CSV), built by run.sh with their own source files (see Fuzz/README.md).
//
// The first byte picks the job's dialect (one of the six Bulk API column
// delimiters, LF or CRLF); the rest is the job data. Oracle besides "no
// crash": rows the reader accepts, written by the writer in the same dialect
// (every field quoted), read back as the same rows; a refusal names a line
// that exists in the input.

import Foundation

private let delimiters = ["COMMA", "TAB", "PIPE", "SEMICOLON", "CARET", "BACKQUOTE"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let choice = Int(data[0])
    let dialect = CSVDialect(
        delimiter: CSVDialect.delimiter(named: delimiters[choice % delimiters.count])!, lineEnding: choice & 0x80 == 0 ? .lf : .crlf)
    let input = Data(UnsafeBufferPointer(start: data + 1, count: size - 1))
    do {
        let rows = try CSVReader.rows(input, dialect: dialect)
        precondition(rows.allSatisfy { !$0.isEmpty }, "a row without fields")
        var written: [UInt8] = []
        for row in rows { CSVWriter.append(row, to: &written, dialect: dialect) }
        let again = try? CSVReader.rows(Data(written), dialect: dialect)
        precondition(again == rows, "rows written and read back differ: \(rows) → \(String(describing: again))")
    } catch {
        let lines = input.reduce(1) { $1 == 0x0A || $1 == 0x0D ? $0 + 1 : $0 }
        switch error {
        case .unterminatedQuote(let line), .textAfterClosingQuote(let line), .quoteInUnquotedField(let line):
            precondition(line >= 1 && line <= lines, "a refusal at line \(line) of \(lines)")
        case .notUTF8:
            precondition(String(validating: input, as: UTF8.self) == nil, "valid UTF-8 refused as not UTF-8")
        }
    }
    return 0
}
