import FakeKit
import Foundation
import HTTP

extension SalesforceAPI {
    /// Rows per page: 2,000, or `Sforce-Query-Options: batchSize=N` (200–2,000).
    func batchSize(_ request: HTTPRequest) -> Int {
        guard let options = request.headers["Sforce-Query-Options"] else { return 2000 }
        for part in options.split(separator: ",") {
            let pair = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "batchsize", let size = Int(pair[1]) { return min(2000, max(200, size)) }
        }
        return 2000
    }

    /// `GET query?q=` and `queryAll?q=` (deleted records too).
    func query(_ request: HTTPRequest, includeDeleted: Bool) throws -> HTTPResponse {
        let version = try version(request)
        guard let soql = request.query("q"), !soql.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SalesforceError(.badRequest, "MALFORMED_QUERY", "A query string has to be specified")
        }
        let now = clock.now()
        let result: SOQLEngine.Result
        do {
            result = try store.read { snapshot throws(SOQLError) in
                try SOQLEngine.run(soql, reader: reader(snapshot, version: version), includeDeleted: includeDeleted, now: now)
            }
        } catch let error as SOQLError {
            throw error.asSalesforceError
        }
        let size = batchSize(request)
        if result.isCount || result.rows.count <= size {
            return page(total: result.totalSize, rows: result.rows[...], next: nil)
        }
        let locator = locators.open(rows: result.rows, totalSize: result.totalSize, batchSize: size, now: now)
        let resource = includeDeleted ? "queryAll" : "query"
        return page(total: result.totalSize, rows: result.rows.prefix(size), next: "/services/data/v\(version)/\(resource)/\(locator)-\(size)")
    }

    /// `GET query/{locator}-{position}`: the next page of an earlier query.
    func queryMore(_ request: HTTPRequest) throws -> HTTPResponse {
        let version = try version(request)
        let locator = request.pathParameters["locator"] ?? ""
        guard let (cursor, position) = locators.fetch(locator, now: clock.now()) else {
            throw SalesforceError(.badRequest, "INVALID_QUERY_LOCATOR", "invalid query locator")
        }
        let end = min(cursor.rows.count, position + cursor.batchSize)
        let resource = request.path.contains("/queryAll/") ? "queryAll" : "query"
        let id = locator.split(separator: "-")[0]
        let next = end < cursor.rows.count ? "/services/data/v\(version)/\(resource)/\(id)-\(end)" : nil
        return page(total: cursor.totalSize, rows: cursor.rows[position..<end], next: next)
    }

    private func page(total: Int, rows: ArraySlice<OrderedJSON>, next: String?) -> HTTPResponse {
        var pairs: [(String, OrderedJSON)] = [("totalSize", .value(.int(total))), ("done", .value(.bool(next == nil)))]
        if let next { pairs.append(("nextRecordsUrl", .value(.string(next)))) }
        pairs.append(("records", .array(Array(rows))))
        return Self.ordered(.object(pairs))
    }
}

extension SOQLError {
    /// The refusal as the REST API answers it (400 with the error array).
    var asSalesforceError: SalesforceError { SalesforceError(.badRequest, errorCode, message) }
}
