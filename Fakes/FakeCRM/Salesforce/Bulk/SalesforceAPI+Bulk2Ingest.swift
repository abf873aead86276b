import FakeKit
import Foundation
import HTTP

/// Bulk API 2.0 ingest jobs (`/services/data/vXX.X/jobs/ingest`): create,
/// upload CSV, `UploadComplete`, poll, read the successful, failed and
/// unprocessed records, abort, delete. The rows are written through the
/// store like any other write, on channel `bulk2`, so the journal and the
/// request log show them.
extension SalesforceAPI {
    func bulk2CreateIngest(_ request: HTTPRequest) throws -> HTTPResponse {
        let version = try version(request)
        let body = try jsonObject(request)
        guard let operationName = body["operation"]?.stringValue, let operation = BulkOperation(rawValue: operationName),
            BulkOperation.ingest.contains(operation)
        else {
            throw SalesforceError(.badRequest, "INVALIDJOB", "Invalid operation: \(body["operation"]?.stringValue ?? "null")")
        }
        guard let objectName = body["object"]?.stringValue, let object = store.schema.object(objectName) else {
            throw SalesforceError(.badRequest, "INVALIDJOB", "Unable to find object: \(body["object"]?.stringValue ?? "null")")
        }
        var external: String?
        if operation == .upsert {
            guard let name = body["externalIdFieldName"]?.stringValue, let field = object.field(name), field.externalId || field.type == .id else {
                throw SalesforceError(
                    .badRequest, "INVALIDJOB", "The External ID field '\(body["externalIdFieldName"]?.stringValue ?? "")' does not exist or is not accessible")
            }
            external = field.name
        }
        let (delimiterName, dialect) = try bulk2Dialect(body)
        let now = clock.now()
        let owner = actor(request)
        let job = Bulk2Job(
            id: bulkJobs.newID(prefix: "750"), machine: Bulk2JobStateMachine(kind: .ingest), operation: operation, object: object.name,
            externalIDFieldName: external, columnDelimiter: delimiterName, dialect: dialect, createdByID: userIDs(owner) ?? "",
            createdDate: now, apiVersion: version, owner: owner, query: nil, modifiedDate: now)
        bulkJobs.insert(job)
        return Self.ordered(Self.bulk2Info(job, state: job.machine.state, detailed: false))
    }

    /// `PUT jobs/ingest/{id}/batches` with `Content-Type: text/csv`: 201, no body.
    func bulk2Upload(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let id = try bulk2Job(request, kind: .ingest)
        let type = (request.headers["Content-Type"] ?? "").lowercased()
        guard type.hasPrefix("text/csv") else {
            throw SalesforceError(.unsupportedMediaType, "INVALIDCONTENTTYPE", "Unsupported content type: \(request.headers["Content-Type"] ?? "none"). Use text/csv")
        }
        guard !request.body.isEmpty else { throw SalesforceError(.badRequest, "INVALIDBATCH", "No data was uploaded") }
        try bulkJobs.update(bulk2: id) { job in
            if let error = Self.refusal(job.machine.upload()) { throw error }
            job.uploads.append(request.body)
        }
        return HTTPResponse(status: .created)
    }

    /// Writes an uploaded job's rows; the job is `InProgress` meanwhile.
    /// CSV Salesforce cannot read fails the whole job, as it does there.
    func processIngest(_ id: String) {
        guard let job = bulkJobs.update(bulk2: id, { $0 }), let object = store.schema.object(job.object) else { return }
        var header: [String] = []
        var rows: [[String]] = []
        var failure: String?
        for upload in job.uploads {
            do {
                let table = try CSVReader.rows(upload, dialect: job.dialect)
                guard let first = table.first else { continue }
                if header.isEmpty { header = first } else if first != header {
                    failure = "InvalidBatch : Every upload to a job must have the same header row"
                    break
                }
                rows.append(contentsOf: table.dropFirst())
            } catch {
                failure = "InvalidBatch : Failed to parse CSV: \(error)"
                break
            }
        }
        if failure == nil, header.isEmpty { failure = "InvalidBatch : No data was uploaded for the job" }
        if failure == nil, !bulkJobs.consumeBatches(max(1, (rows.count + BulkJobTable.ingestRecordsPerBatch - 1) / BulkJobTable.ingestRecordsPerBatch)) {
            failure = "ExceededQuota : The org has used its \(BulkJobTable.dailyBulkApiBatches) Bulk API batches for the day"
        }
        var outcomes: [BulkRowOutcome] = []
        if failure == nil {
            let writer = BulkRowWriter(
                api: self, object: object, operation: job.operation, externalIDField: job.externalIDFieldName.flatMap(object.field), actor: job.owner,
                channel: "bulk2")
            outcomes = writer.write(header: header, rows: rows)
        }
        let now = clock.now()
        bulkJobs.update(bulk2: id) { job in
            job.header = header
            if let failure {
                job.errorMessage = failure
                job.unprocessed = rows
                job.rows = []
            } else {
                job.rows = rows
                job.outcomes = outcomes
            }
            job.modifiedDate = now
            job.machine.processed(failure == nil ? .jobComplete : .failed)
        }
    }

    /// `GET jobs/ingest/{id}`.
    func bulk2IngestInfo(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let id = try bulk2Job(request, kind: .ingest)
        let job = bulkJobs.update(bulk2: id) { job in
            _ = job.machine.observe()
            return job
        }!
        return Self.ordered(Self.bulk2Info(job, state: job.machine.state, detailed: true))
    }

    enum IngestResultKind { case successful, failed, unprocessed }

    /// `GET jobs/ingest/{id}/successfulResults|failedResults|unprocessedrecords`:
    /// CSV with `sf__Id` and `sf__Created` (successful) or `sf__Id` and
    /// `sf__Error` (failed) before the values each row was sent with.
    func bulk2IngestResults(_ request: HTTPRequest, _ kind: IngestResultKind) throws -> HTTPResponse {
        _ = try version(request)
        let id = try bulk2Job(request, kind: .ingest)
        let job = bulkJobs.update(bulk2: id) { $0 }!
        let header: [String]
        var rows: [[String?]] = []
        switch kind {
        case .successful:
            header = ["sf__Id", "sf__Created"] + job.header
            for (row, outcome) in zip(job.rows, job.outcomes) {
                if case .succeeded(let recordID, let created) = outcome { rows.append([recordID, created ? "true" : "false"] + row) }
            }
        case .failed:
            header = ["sf__Id", "sf__Error"] + job.header
            for (row, outcome) in zip(job.rows, job.outcomes) {
                if case .failed(let recordID, let error) = outcome { rows.append([recordID ?? "", BulkRowOutcome.errorText(error)] + row) }
            }
        case .unprocessed:
            header = job.header
            rows = job.unprocessed.map { $0.map(Optional.some) }
        }
        let body = header.isEmpty ? Data() : CSVWriter.document(header: header, rows: rows, dialect: job.dialect)
        return HTTPResponse(status: .ok, headers: ["Content-Type": "text/csv"], body: body)
    }
}
