import FakeKit
import Foundation
import HTTP

/// `POST composite/batch`: up to 25 independent subrequests, each run as
/// its own call through the API (its own success or failure, no shared
/// transaction); `haltOnError` stops at the first failure.
extension SalesforceAPI {
    func compositeBatch(_ request: HTTPRequest) throws -> HTTPResponse {
        let version = try version(request)
        let body = try jsonObject(request)
        guard case .array(let items) = body["batchRequests"] ?? .null else {
            throw SalesforceError(.badRequest, "JSON_PARSER_ERROR", "batchRequests: a JSON array of subrequests is required")
        }
        guard items.count <= Self.compositeLimit else {
            throw SalesforceError(.badRequest, "LIMIT_EXCEEDED", "Batch request may have at most \(Self.compositeLimit) subrequests")
        }
        let haltOnError = body["haltOnError"]?.boolValue ?? false
        var results: [OrderedJSON] = []
        var halted = false
        var hasErrors = false
        for item in items {
            if halted {
                results.append(.object([
                    ("statusCode", .value(412)),
                    ("result", .array([.object([("errorCode", .value("BATCH_PROCESSING_HALTED")), ("message", .value("Batch processing halted per request"))])])),
                ]))
                continue
            }
            guard let method = item["method"]?.stringValue, var url = item["url"]?.stringValue else {
                throw SalesforceError(.badRequest, "JSON_PARSER_ERROR", "each batch request needs method and url")
            }
            // Subrequest URLs are relative to /services/data/ and name a version ("v59.0/sobjects/…").
            if !url.hasPrefix("/") { url = "/services/data/" + url }
            guard url.hasPrefix("/services/data/v\(version)/") else {
                throw SalesforceError(.badRequest, "INVALID_BATCH_REQUEST", "Each batch subrequest must use the batch's API version v\(version): \(url)")
            }
            var sub = HTTPRequest(method: HTTPMethod(rawValue: method.uppercased()), target: url, headers: request.headers)
            sub.connection = request.connection
            if let richInput = item["richInput"] {
                sub.body = (try? JSONEncoder().encode(richInput)) ?? Data()
                sub.headers["Content-Type"] = "application/json"
            } else {
                sub.body = Data()
            }
            let response = subrequests.respond(to: sub)
            let result: OrderedJSON =
                response.body.isEmpty ? .value(.null) : ((try? JSONDecoder().decode(JSONValue.self, from: response.body)).map { .value($0) } ?? .value(.null))
            let failed = response.status.code >= 400
            hasErrors = hasErrors || failed
            if failed && haltOnError { halted = true }
            results.append(.object([("statusCode", .value(.int(response.status.code))), ("result", result)]))
        }
        return Self.ordered(.object([("hasErrors", .value(.bool(hasErrors))), ("results", .array(results))]))
    }
}
