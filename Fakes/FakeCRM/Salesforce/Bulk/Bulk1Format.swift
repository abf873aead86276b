import FakeKit
import Foundation
import HTTP

/// Bulk API 1.0 speaks XML or JSON: a job's own requests are answered in
/// the format the request was sent in, batch-level ones in the job's
/// content type (JSON for a JSON job, XML for CSV and XML jobs), as
/// Salesforce answers them. This renders the same fields either way.
enum Bulk1Format: Sendable {
    case xml, json

    static let namespace = "http://www.force.com/2009/06/asyncapi/dataload"

    /// The format a request's `Content-Type` asks for, or `fallback`.
    static func of(_ request: HTTPRequest, fallback: Bulk1Format) -> Bulk1Format {
        let type = (request.headers["Content-Type"] ?? "").lowercased()
        if type.contains("json") { return .json }
        if type.contains("xml") { return .xml }
        return fallback
    }

    /// A flat element (`jobInfo`, `batchInfo`, `error`) of `fields` in order; nil values are left out.
    func element(_ name: String, _ fields: [(String, JSONValue)], status: HTTPStatus = .ok) -> HTTPResponse {
        switch self {
        case .json:
            return HTTPResponse.json(status, data: OrderedJSON.object(fields.map { ($0.0, .value($0.1)) }).serialized())
        case .xml:
            var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><\(name)\n   xmlns=\"\(Self.namespace)\">"
            text += Self.xmlFields(fields)
            text += "</\(name)>"
            return Self.xmlResponse(text, status: status)
        }
    }

    /// A list: `batchInfoList` of `batchInfo`, or JSON `{"batchInfo": [...]}`.
    func list(_ name: String, item: String, _ items: [[(String, JSONValue)]]) -> HTTPResponse {
        switch self {
        case .json:
            let array = OrderedJSON.array(items.map { .object($0.map { ($0.0, .value($0.1)) }) })
            return HTTPResponse.json(.ok, data: OrderedJSON.object([(item, array)]).serialized())
        case .xml:
            var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><\(name) xmlns=\"\(Self.namespace)\">"
            for fields in items { text += "<\(item)>\(Self.xmlFields(fields))</\(item)>" }
            text += "</\(name)>"
            return Self.xmlResponse(text, status: .ok)
        }
    }

    /// The ids of a batch's results: `<result-list><result>…` or a JSON array.
    func resultList(_ ids: [String]) -> HTTPResponse {
        switch self {
        case .json: return HTTPResponse.json(.ok, data: OrderedJSON.array(ids.map { .value(.string($0)) }).serialized())
        case .xml:
            let items = ids.map { "<result>\(Self.escape($0))</result>" }.joined()
            return Self.xmlResponse("<result-list xmlns=\"\(Self.namespace)\">\(items)</result-list>", status: .ok)
        }
    }

    func error(_ error: Bulk1Error) -> HTTPResponse {
        element("error", [("exceptionCode", .string(error.code)), ("exceptionMessage", .string(error.message))], status: HTTPStatus(error.status))
    }

    private static func xmlFields(_ fields: [(String, JSONValue)]) -> String {
        fields.compactMap { name, value -> String? in
            let text: String
            switch value {
            case .null: return nil
            case .string(let s): text = s
            case .bool(let b): text = b ? "true" : "false"
            case .int(let i): text = String(i)
            case .double(let d): text = d == d.rounded() ? "\(Int(d)).0" : String(d)
            case .array, .object: text = value.description
            }
            return "<\(name)>\(escape(text))</\(name)>"
        }.joined()
    }

    private static func xmlResponse(_ text: String, status: HTTPStatus) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/xml"], body: Data(text.utf8))
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
