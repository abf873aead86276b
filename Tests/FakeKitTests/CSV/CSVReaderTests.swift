import FakeKit
import Foundation
import Testing

/// RFC 4180 as Salesforce's bulk APIs read and write it.
@Suite(.tags(.inMemory)) struct CSVReaderTests {
    private func rows(_ text: String, _ dialect: CSVDialect = .standard) throws -> [[String]] {
        try CSVReader.rows(Data(text.utf8), dialect: dialect)
    }

    @Test func readsQuotedFieldsEscapedQuotesAndLineBreaks() throws {
        #expect(try rows("Name,Description\n\"Acme, Inc.\",\"says \"\"hi\"\"\nand bye\"\nPlain,\n") == [
            ["Name", "Description"], ["Acme, Inc.", "says \"hi\"\nand bye"], ["Plain", ""],
        ])
    }

    @Test func acceptsCRLFAndNoFinalLineEndAndSkipsBlankLines() throws {
        #expect(try rows("A,B\r\n1,2\r\n\r\n3,4") == [["A", "B"], ["1", "2"], ["3", "4"]])
        #expect(try rows("\"\"\n") == [[""]])
        #expect(try rows("") == [])
    }

    @Test(arguments: [("TAB", "A\tB\n\"x\ty\"\tz\n"), ("PIPE", "A|B\n\"x|y\"|z\n"), ("SEMICOLON", "A;B\n\"x;y\";z\n")])
    func readsEveryColumnDelimiter(name: String, text: String) throws {
        let delimiter = try #require(CSVDialect.delimiter(named: name))
        let dialect = CSVDialect(delimiter: delimiter)
        let read = try rows(text, dialect)
        #expect(read == [["A", "B"], ["x\(Character(UnicodeScalar(delimiter)))y", "z"]])
    }

    @Test func refusesMalformedInput() {
        #expect(throws: CSVError.unterminatedQuote(line: 2)) { try rows("A\n\"open\n") }
        #expect(throws: CSVError.textAfterClosingQuote(line: 1)) { try rows("\"a\"b,c\n") }
        #expect(throws: CSVError.quoteInUnquotedField(line: 1)) { try rows("ab\"c\n") }
        #expect(throws: CSVError.notUTF8) { try CSVReader.rows(Data([0x41, 0xFF, 0x0A])) }
    }

    @Test func writerOutputReadsBackToTheSameValues() throws {
        let values: [[String?]] = [["001", "Acme, \"the\" best\nline two"], ["002", nil]]
        let data = CSVWriter.document(header: ["Id", "Name"], rows: values)
        #expect(String(decoding: data, as: UTF8.self) == "\"Id\",\"Name\"\n\"001\",\"Acme, \"\"the\"\" best\nline two\"\n\"002\",\"\"\n")
        #expect(try CSVReader.rows(data) == [["Id", "Name"], ["001", "Acme, \"the\" best\nline two"], ["002", ""]])
        let crlf = CSVWriter.document(header: ["A"], rows: [["1"]], dialect: CSVDialect(delimiter: 0x09, lineEnding: .crlf))
        #expect(String(decoding: crlf, as: UTF8.self) == "\"A\"\r\n\"1\"\r\n")
    }
}
