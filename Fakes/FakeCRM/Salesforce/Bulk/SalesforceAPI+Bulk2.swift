import FakeKit
import Foundation
import HTTP

/// What Bulk API 2.0's ingest and query resources share: the job's JSON,
/// the job lookup, the options of a job request.
extension SalesforceAPI {
    /// The caller's job, or Salesforce's 404 (another client's job is not found either).
    func bulk2Job(_ request: HTTPRequest, kind: Bulk2JobStateMachine.Kind) throws -> String {
        let id = request.pathParameters["job"] ?? ""
        let owner = actor(request)
        let found = bulkJobs.update(bulk2: id) { job in job.machine.kind == kind && job.owner == owner } ?? false
        guard found else { throw SalesforceError.notFound }
        return id
    }

    /// A job's state machine refused the request: Salesforce's error for it.
    static func refusal(_ action: Bulk2JobStateMachine.Action) -> SalesforceError? {
        guard case .refuse(let status, let code, let message) = action else { return nil }
        return SalesforceError(HTTPStatus(status), code, message)
    }

    /// `columnDelimiter` and `lineEnding` of a job request, defaulting as Salesforce does (COMMA, LF).
    func bulk2Dialect(_ body: [String: JSONValue]) throws -> (name: String, dialect: CSVDialect) {
        let name = body["columnDelimiter"]?.stringValue ?? "COMMA"
        guard let delimiter = CSVDialect.delimiter(named: name) else {
            throw SalesforceError(.badRequest, "INVALIDJOB", "Invalid column delimiter: \(name)")
        }
        let endingName = body["lineEnding"]?.stringValue ?? "LF"
        guard let ending = CSVDialect.LineEnding(rawValue: endingName) else {
            throw SalesforceError(.badRequest, "INVALIDJOB", "Invalid line ending: \(endingName)")
        }
        if let contentType = body["contentType"]?.stringValue, contentType != "CSV" {
            throw SalesforceError(.badRequest, "INVALIDJOB", "Invalid content type: \(contentType). Only CSV is supported")
        }
        return (name, CSVDialect(delimiter: delimiter, lineEnding: ending))
    }

    /// The job as `GET jobs/{ingest|query}/{id}` shows it (`detailed`), or
    /// as the create and state-change responses show it.
    static func bulk2Info(_ job: Bulk2Job, state: Bulk2JobState, detailed: Bool) -> OrderedJSON {
        var pairs: [(String, OrderedJSON)] = [
            ("id", .value(.string(job.id))), ("operation", .value(.string(job.operation.rawValue))), ("object", .value(.string(job.object))),
            ("createdById", .value(.string(job.createdByID))), ("createdDate", .value(.string(DateFormats.formatDateTime(job.createdDate)))),
            ("systemModstamp", .value(.string(DateFormats.formatDateTime(job.modifiedDate)))), ("state", .value(.string(state.rawValue))),
        ]
        if let external = job.externalIDFieldName { pairs.append(("externalIdFieldName", .value(.string(external)))) }
        pairs.append(("concurrencyMode", .value("Parallel")))
        pairs.append(("contentType", .value("CSV")))
        pairs.append(("apiVersion", .value(.double(Double(job.apiVersion) ?? 0))))
        if detailed {
            pairs.append(("jobType", .value(.string(job.machine.kind == .ingest ? "V2Ingest" : "V2Query"))))
        } else if job.machine.kind == .ingest {
            pairs.append(("contentUrl", .value(.string("services/data/v\(job.apiVersion)/jobs/ingest/\(job.id)/batches"))))
        }
        pairs.append(("lineEnding", .value(.string(job.dialect.lineEnding.rawValue))))
        pairs.append(("columnDelimiter", .value(.string(job.columnDelimiter))))
        if detailed {
            pairs.append(("numberRecordsProcessed", .value(.int(job.numberRecordsProcessed))))
            if job.machine.kind == .ingest { pairs.append(("numberRecordsFailed", .value(.int(job.numberRecordsFailed)))) }
            pairs.append(("retries", .value(0)))
            pairs.append(("totalProcessingTime", .value(0)))
            if job.machine.kind == .ingest {
                pairs.append(("apiActiveProcessingTime", .value(0)))
                pairs.append(("apexProcessingTime", .value(0)))
            } else {
                pairs.append(("isPkChunkingSupported", .value(true)))
            }
            if let message = job.errorMessage { pairs.append(("errorMessage", .value(.string(message)))) }
        }
        return .object(pairs)
    }

    /// `GET jobs/ingest` and `GET jobs/query`: the caller's jobs of that kind, in one page.
    func bulk2JobList(_ request: HTTPRequest, kind: Bulk2JobStateMachine.Kind) throws -> HTTPResponse {
        _ = try version(request)
        let owner = actor(request)
        let jobs = bulkJobs.bulk2Jobs().filter { $0.machine.kind == kind && $0.owner == owner }
        return Self.ordered(
            .object([
                ("done", .value(true)),
                ("records", .array(jobs.map { Self.bulk2Info($0, state: $0.machine.state, detailed: false) })),
                ("nextRecordsUrl", .value(.null)),
            ]))
    }

    /// `PATCH jobs/{kind}/{id}` with `{"state": …}`.
    func bulk2ChangeState(_ request: HTTPRequest, kind: Bulk2JobStateMachine.Kind) throws -> HTTPResponse {
        _ = try version(request)
        let id = try bulk2Job(request, kind: kind)
        let body = try jsonObject(request)
        guard let text = body["state"]?.stringValue, let target = Bulk2JobState(rawValue: text) else {
            throw SalesforceError(.badRequest, "INVALIDJOBSTATE", "Invalid state: \(body["state"]?.stringValue ?? "null")")
        }
        let now = clock.now()
        let (job, start) = try bulkJobs.update(bulk2: id) { job throws -> (Bulk2Job, Bool) in
            if let error = Self.refusal(job.machine.request(target)) { throw error }
            job.modifiedDate = now
            return (job, target == .uploadComplete && job.machine.startProcessing())
        }!
        if start { processIngest(id) }
        return Self.ordered(Self.bulk2Info(job, state: target, detailed: false))
    }

    /// `DELETE jobs/{kind}/{id}`: the job and its data are gone.
    func bulk2Delete(_ request: HTTPRequest, kind: Bulk2JobStateMachine.Kind) throws -> HTTPResponse {
        _ = try version(request)
        let id = try bulk2Job(request, kind: kind)
        try bulkJobs.update(bulk2: id) { job in if let error = Self.refusal(job.machine.delete()) { throw error } }
        bulkJobs.remove(bulk2: id)
        return HTTPResponse(status: .noContent)
    }
}
