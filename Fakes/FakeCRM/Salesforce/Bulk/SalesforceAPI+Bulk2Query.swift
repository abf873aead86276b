import FakeKit
import Foundation
import HTTP

/// Bulk API 2.0 query jobs (`/services/data/vXX.X/jobs/query`): create
/// (`query` or `queryAll`), poll, read CSV results a page at a time
/// (`maxRecords`, the `Sforce-Locator` of the next page, `null` after the
/// last), abort, delete.
extension SalesforceAPI {
    /// Rows per results page when the client gives no `maxRecords`.
    static let bulk2DefaultPageSize = 100_000

    func bulk2CreateQuery(_ request: HTTPRequest) throws -> HTTPResponse {
        let version = try version(request)
        let body = try jsonObject(request)
        guard let operationName = body["operation"]?.stringValue, let operation = BulkOperation(rawValue: operationName), operation.isQuery else {
            throw SalesforceError(.badRequest, "INVALIDJOB", "Invalid operation: \(body["operation"]?.stringValue ?? "null")")
        }
        guard let soql = body["query"]?.stringValue, !soql.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SalesforceError(.badRequest, "INVALIDJOB", "A query is required for a query job")
        }
        // The query is checked now, as Salesforce checks it when the job is created.
        let object: String
        do {
            let parsed = try SOQLParser.parse(soql)
            guard let definition = store.schema.object(parsed.object) else {
                throw SalesforceError(.badRequest, "INVALID_TYPE", "sObject type '\(parsed.object)' is not supported.")
            }
            object = definition.name
        } catch let error as SOQLError {
            throw error.asSalesforceError
        }
        let (delimiterName, dialect) = try bulk2Dialect(body)
        let now = clock.now()
        let owner = actor(request)
        let job = Bulk2Job(
            id: bulkJobs.newID(prefix: "750"), machine: Bulk2JobStateMachine(kind: .query), operation: operation, object: object,
            externalIDFieldName: nil, columnDelimiter: delimiterName, dialect: dialect, createdByID: userIDs(owner) ?? "", createdDate: now,
            apiVersion: version, owner: owner, query: soql, modifiedDate: now)
        bulkJobs.consumeQueryJob()
        bulkJobs.insert(job)
        return Self.ordered(Self.bulk2Info(job, state: job.machine.state, detailed: false))
    }

    /// The first look at a query job runs its query; every look returns the job as it then is.
    private func lookAtQueryJob(_ id: String) -> Bulk2Job {
        let (job, start) = bulkJobs.update(bulk2: id) { job in (job, job.machine.startProcessing()) }!
        if start, let soql = job.query {
            let result = BulkQueryResult.run(soql, api: self, version: job.apiVersion, includeDeleted: job.operation == .queryAll)
            let now = clock.now()
            bulkJobs.update(bulk2: id) { job in
                switch result {
                case .success(let rows): job.queryResult = rows
                case .failure(.soql(let error)): job.errorMessage = "\(error.errorCode): \(error.message)"
                case .failure(.unsupported(let message)): job.errorMessage = message
                }
                job.modifiedDate = now
                job.machine.processed(job.errorMessage == nil ? .jobComplete : .failed)
            }
        }
        return bulkJobs.update(bulk2: id) { job in
            _ = job.machine.observe()
            return job
        }!
    }

    /// `GET jobs/query/{id}`.
    func bulk2QueryInfo(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let job = lookAtQueryJob(try bulk2Job(request, kind: .query))
        return Self.ordered(Self.bulk2Info(job, state: job.machine.state, detailed: true))
    }

    /// `GET jobs/query/{id}/results?locator=…&maxRecords=…`.
    func bulk2QueryResults(_ request: HTTPRequest) throws -> HTTPResponse {
        let version = try version(request)
        let job = lookAtQueryJob(try bulk2Job(request, kind: .query))
        if let error = Self.refusal(job.machine.readResults()) { throw error }
        guard job.apiVersion == version else {
            throw SalesforceError(.conflict, "API_ERROR", "Use the same API version (\(job.apiVersion)) to get query results that you used to create the query")
        }
        guard let result = job.queryResult else { preconditionFailure("a complete query job has its rows") }
        var pageSize = Self.bulk2DefaultPageSize
        if let text = request.query("maxRecords") {
            guard let size = Int(text), size > 0 else {
                throw SalesforceError(.badRequest, "INVALIDREQUEST", "maxRecords must be a positive integer: \(text)")
            }
            pageSize = size
        }
        var start = 0
        if let locator = request.query("locator"), !locator.isEmpty, locator != "null" {
            guard let offset = Self.bulk2Offset(locator), offset <= result.rows.count else {
                throw SalesforceError(.badRequest, "INVALIDREQUEST", "Invalid locator: \(locator)")
            }
            start = offset
        }
        let end = min(result.rows.count, start + pageSize)
        let next = end < result.rows.count ? Self.bulk2Locator(end) : "null"
        return HTTPResponse(
            status: .ok, headers: ["Content-Type": "text/csv", "Sforce-Locator": next, "Sforce-NumberOfRecords": String(end - start)],
            body: result.csv(rows: start..<end, dialect: job.dialect))
    }

    /// Locators are opaque to clients; Salesforce's look like base64 of a row offset, and so do these.
    static func bulk2Locator(_ offset: Int) -> String {
        Data(String(offset).utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    static func bulk2Offset(_ locator: String) -> Int? {
        var padded = locator
        while padded.count % 4 != 0 { padded += "=" }
        guard let data = Data(base64Encoded: padded), let text = String(data: data, encoding: .utf8) else { return nil }
        return Int(text)
    }
}
