import FakeKit
import Foundation

/// The scorecard as JSON (`sync-verifier/report@1`, schema in
/// `Sources/SyncVerifier/Reports/report.schema.json`): stable keys, ISO-8601 times.
public enum JSONReport {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(DateFormats.formatISO(date))
        }
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = DateFormats.parseDateTime(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO-8601 time: \(text)"))
            }
            return date
        }
        return decoder
    }

    public static func render(_ scorecard: Scorecard) -> String {
        String(decoding: (try? encoder.encode(scorecard)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    /// Reads a report written by `run`, for `compare`.
    public static func load(path: String) throws -> Scorecard {
        guard let data = FileManager.default.contents(atPath: path) else { throw ReportError("\(path): cannot read the file") }
        do {
            let card = try decoder.decode(Scorecard.self, from: data)
            guard card.format == Scorecard.format else { throw ReportError("\(path): format '\(card.format)' is not \(Scorecard.format)") }
            return card
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError("\(path): not a sync-verifier report (\(error))")
        }
    }
}

public struct ReportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
