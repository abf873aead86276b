import FakeKit
import Foundation
import HTTP

/// Bulk API 1.0 (`/services/async/NN.N/job`): XML and JSON jobs, batches of
/// CSV or JSON records, `query`/`queryAll` batches with their results, and
/// `Sforce-Enable-PKChunking`. Writes go through the store on channel
/// `bulk`, so the journal and the request log show them.
extension SalesforceAPI {
    /// `NN.N` of the path, or InvalidVersion.
    func bulk1Version(_ request: HTTPRequest) throws(Bulk1Error) -> String {
        let version = request.pathParameters["version"] ?? ""
        guard Self.versions.contains(version), !retired.isRetired(version) else {
            throw Bulk1Error("InvalidVersion", "The requested version \(version) is not supported", status: 404)
        }
        return version
    }

    /// Answers a Bulk API 1.0 request: its refusals in the format it asks for.
    func bulk1(_ request: HTTPRequest, format: Bulk1Format = .xml, _ body: () throws -> HTTPResponse) -> HTTPResponse {
        do {
            return try body()
        } catch let error as Bulk1Error {
            return Bulk1Format.of(request, fallback: format).error(error)
        } catch let error as SalesforceError {
            return Bulk1Format.of(request, fallback: format).error(Bulk1Error("InvalidBatch", error.message))
        } catch {
            return Bulk1Format.of(request, fallback: format).error(Bulk1Error("ClientInputError", "\(error)"))
        }
    }

    /// The caller's job, or InvalidJob.
    func bulk1Job(_ request: HTTPRequest) throws(Bulk1Error) -> Bulk1Job {
        let id = request.pathParameters["job"] ?? ""
        let owner = actor(request)
        guard let job = bulkJobs.update(bulk1: id, { $0 }), job.owner == owner else {
            throw Bulk1Error("InvalidJob", "Unable to find object: \(id)")
        }
        return job
    }

    /// The job's own fields from a JSON or XML request body.
    private func bulk1Fields(_ request: HTTPRequest) throws -> [String: String] {
        switch Bulk1Format.of(request, fallback: .xml) {
        case .json:
            guard case .object(let object) = try? JSONDecoder().decode(JSONValue.self, from: request.body) else {
                throw Bulk1Error("InvalidJob", "Unable to parse the JSON job request")
            }
            var fields: [String: String] = [:]
            for (key, value) in object {
                switch value {
                case .string(let text): fields[key] = text
                case .int(let number): fields[key] = String(number)
                case .bool(let flag): fields[key] = flag ? "true" : "false"
                case .null: continue
                default: throw Bulk1Error("InvalidJob", "Unexpected value for \(key)")
                }
            }
            return fields
        case .xml:
            do {
                return try Bulk1XMLFields.parse(request.body, root: "jobInfo")
            } catch {
                throw Bulk1Error("InvalidXML", "Unable to parse the jobInfo: \(error)")
            }
        }
    }

    func bulk1CreateJob(_ request: HTTPRequest) -> HTTPResponse {
        bulk1(request) {
            let version = try bulk1Version(request)
            let fields = try bulk1Fields(request)
            guard let operationName = fields["operation"], let operation = BulkOperation(rawValue: operationName) else {
                throw Bulk1Error("InvalidJob", "Invalid operation: \(fields["operation"] ?? "none")")
            }
            guard let objectName = fields["object"], let object = store.schema.object(objectName) else {
                throw Bulk1Error("InvalidJob", "Unable to find object: \(fields["object"] ?? "none")")
            }
            guard let contentType = Bulk1Job.ContentType(rawValue: fields["contentType"] ?? "XML") else {
                throw Bulk1Error("InvalidJob", "Invalid content type: \(fields["contentType"] ?? "")")
            }
            var external: String?
            if operation == .upsert {
                guard let name = fields["externalIdFieldName"], let field = object.field(name), field.externalId || field.type == .id else {
                    throw Bulk1Error("InvalidJob", "External ID field '\(fields["externalIdFieldName"] ?? "")' not found or not an external id")
                }
                external = field.name
            }
            let mode: String
            switch fields["concurrencyMode"] ?? "Parallel" {
            case "Parallel", "0": mode = "Parallel"
            case "Serial", "1": mode = "Serial"
            case let other: throw Bulk1Error("InvalidJob", "Invalid concurrency mode: \(other)")
            }
            let chunking = try PKChunkingOptions.parse(request.headers["Sforce-Enable-PKChunking"]).get()
            if chunking != nil, !operation.isQuery {
                throw Bulk1Error("InvalidJob", "PK chunking is supported for query and queryAll jobs only")
            }
            let now = clock.now()
            let owner = actor(request)
            let job = Bulk1Job(
                id: bulkJobs.newID(prefix: "750"), operation: operation, object: object.name, externalIDFieldName: external, contentType: contentType,
                concurrencyMode: mode, createdByID: userIDs(owner) ?? "", createdDate: now, apiVersion: version, owner: owner, pkChunking: chunking,
                modifiedDate: now)
            bulkJobs.insert(job)
            return Bulk1Format.of(request, fallback: .xml).element("jobInfo", Self.bulk1Info(job), status: .created)
        }
    }

    func bulk1GetJob(_ request: HTTPRequest) -> HTTPResponse {
        bulk1(request) {
            _ = try bulk1Version(request)
            let job = try bulk1Job(request)
            return Bulk1Format.of(request, fallback: job.contentType == .json ? .json : .xml).element("jobInfo", Self.bulk1Info(job))
        }
    }

    /// `POST job/{id}` with `state` Closed or Aborted.
    func bulk1UpdateJob(_ request: HTTPRequest) -> HTTPResponse {
        bulk1(request) {
            _ = try bulk1Version(request)
            let job = try bulk1Job(request)
            let fields = try bulk1Fields(request)
            guard let name = fields["state"], let target = Bulk1Job.State(rawValue: name), target == .closed || target == .aborted else {
                throw Bulk1Error("InvalidJobState", "Invalid job state: \(fields["state"] ?? "none")")
            }
            let now = clock.now()
            let updated = try bulkJobs.update(bulk1: job.id) { job throws(Bulk1Error) -> Bulk1Job in
                if let error = job.change(to: target) { throw error }
                job.modifiedDate = now
                if target == .aborted {
                    for index in job.batches.indices where job.batches[index].outcome == .queued {
                        job.batches[index].outcome = .notProcessed
                    }
                }
                return job
            }!
            return Bulk1Format.of(request, fallback: .xml).element("jobInfo", Self.bulk1Info(updated))
        }
    }

    static func bulk1Info(_ job: Bulk1Job) -> [(String, JSONValue)] {
        func count(_ state: Bulk1Batch.State) -> JSONValue { .int(job.batches.filter { $0.state == state }.count) }
        return [
            ("id", .string(job.id)), ("operation", .string(job.operation.rawValue)), ("object", .string(job.object)),
            ("externalIdFieldName", job.externalIDFieldName.map(JSONValue.string) ?? .null), ("createdById", .string(job.createdByID)),
            ("createdDate", .string(DateFormats.formatDateTime(job.createdDate))), ("systemModstamp", .string(DateFormats.formatDateTime(job.modifiedDate))),
            ("state", .string(job.state.rawValue)), ("concurrencyMode", .string(job.concurrencyMode)), ("contentType", .string(job.contentType.rawValue)),
            ("numberBatchesQueued", count(.queued)), ("numberBatchesInProgress", count(.inProgress)), ("numberBatchesCompleted", count(.completed)),
            ("numberBatchesFailed", count(.failed)), ("numberBatchesTotal", .int(job.batches.count)),
            ("numberRecordsProcessed", .int(job.batches.reduce(0) { $0 + $1.numberRecordsProcessed })), ("numberRetries", 0),
            ("apiVersion", .double(Double(job.apiVersion) ?? 0)), ("numberRecordsFailed", .int(job.batches.reduce(0) { $0 + $1.numberRecordsFailed })),
            ("totalProcessingTime", 0), ("apiActiveProcessingTime", 0), ("apexProcessingTime", 0),
        ]
    }

    static func bulk1BatchInfo(_ batch: Bulk1Batch, job: Bulk1Job) -> [(String, JSONValue)] {
        [
            ("id", .string(batch.id)), ("jobId", .string(job.id)), ("state", .string(batch.state.rawValue)),
            ("stateMessage", batch.stateMessage.map(JSONValue.string) ?? .null), ("createdDate", .string(DateFormats.formatDateTime(batch.createdDate))),
            ("systemModstamp", .string(DateFormats.formatDateTime(batch.createdDate))), ("numberRecordsProcessed", .int(batch.numberRecordsProcessed)),
            ("numberRecordsFailed", .int(batch.numberRecordsFailed)), ("totalProcessingTime", 0), ("apiActiveProcessingTime", 0),
            ("apexProcessingTime", 0),
        ]
    }
}
