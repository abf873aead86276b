import FakeKit
import Foundation
import HTTP

/// Bulk API 1.0 batches: add (processed at once, shown `Queued` until the
/// next look), list, read one, its request, its results.
extension SalesforceAPI {
    private func format(_ job: Bulk1Job) -> Bulk1Format { job.contentType == .json ? .json : .xml }

    /// `POST job/{id}/batch`: CSV or JSON records, or a SOQL query for a query job.
    func bulk1AddBatch(_ request: HTTPRequest) -> HTTPResponse {
        bulk1(request) {
            let version = try bulk1Version(request)
            let job = try bulk1Job(request)
            if let error = job.refusalToAddBatch() { throw error }
            let now = clock.now()
            var batches: [Bulk1Batch] = []
            let first = Bulk1Batch(id: bulkJobs.newID(prefix: "751"), outcome: .completed, createdDate: now, requestBody: request.body)
            if job.operation.isQuery {
                batches = queryBatches(first, job: job, version: version, now: now)
            } else {
                batches = [dmlBatch(first, job: job)]
            }
            guard bulkJobs.consumeBatches(batches.count) else {
                throw Bulk1Error("ExceededQuota", "The org has used its \(BulkJobTable.dailyBulkApiBatches) Bulk API batches for the day")
            }
            let shown = batches[0]
            bulkJobs.update(bulk1: job.id) { job in
                job.batches.append(contentsOf: batches)
                job.modifiedDate = now
            }
            return format(job).element("batchInfo", Self.bulk1BatchInfo(shown, job: job), status: .created)
        }
    }

    private func dmlBatch(_ batch: Bulk1Batch, job: Bulk1Job) -> Bulk1Batch {
        var batch = batch
        guard let object = store.schema.object(job.object) else { return failed(batch, "InvalidBatch : object \(job.object) no longer exists") }
        let writer = BulkRowWriter(
            api: self, object: object, operation: job.operation, externalIDField: job.externalIDFieldName.flatMap(object.field), actor: job.owner,
            channel: "bulk")
        switch job.contentType {
        case .csv:
            do {
                let table = try CSVReader.rows(batch.requestBody)
                guard let header = table.first else { return failed(batch, "InvalidBatch : Records not found in batch") }
                batch.outcomes = writer.write(header: header, rows: Array(table.dropFirst()))
            } catch {
                return failed(batch, "InvalidBatch : Failed to parse CSV: \(error)")
            }
        case .json:
            guard case .array(let items) = try? JSONDecoder().decode(JSONValue.self, from: batch.requestBody) else {
                return failed(batch, "InvalidBatch : Failed to parse JSON: a batch is a JSON array of records")
            }
            batch.outcomes = writer.write(records: items.map { item in
                guard case .object(var fields) = item else { return .failure(SalesforceError.jsonParser("each record must be a JSON object")) }
                fields.removeValue(forKey: "attributes")
                return .success(fields)
            })
        case .xml:
            return failed(batch, "InvalidBatch : This simulated org reads CSV and JSON batches; send XML jobs' records as CSV or JSON")
        }
        return batch
    }

    private func failed(_ batch: Bulk1Batch, _ message: String) -> Bulk1Batch {
        var batch = batch
        batch.outcome = .failed
        batch.stateMessage = message
        return batch
    }

    /// A query batch, or with PK chunking the original batch (`NotProcessed`)
    /// followed by one batch per id range.
    private func queryBatches(_ batch: Bulk1Batch, job: Bulk1Job, version: String, now: Date) -> [Bulk1Batch] {
        guard let soql = String(data: batch.requestBody, encoding: .utf8), !soql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return [failed(batch, "InvalidBatch : Failed to process query: the batch holds no query")]
        }
        if let parsed = try? SOQLParser.parse(soql), !parsed.object.caseInsensitiveEquals(job.object) {
            return [failed(batch, "InvalidBatch : Failed to process query: the query's object \(parsed.object) is not the job's object \(job.object)")]
        }
        let includeDeleted = job.operation == .queryAll
        let records: [OrderedJSON]
        switch BulkQueryResult.records(soql, api: self, version: version, includeDeleted: includeDeleted) {
        case .success(let rows): records = rows
        case .failure(.soql(let error)): return [failed(batch, "InvalidBatch : Failed to process query: \(error.errorCode): \(error.message)")]
        case .failure(.unsupported(let message)): return [failed(batch, message)]
        }
        guard let chunking = job.pkChunking else { return [queryResult(batch, records, job: job)] }
        let ids = store.records(of: job.object, includeDeleted: includeDeleted).map(\.id)
        var original = batch
        original.outcome = .notProcessed
        var chunks = [original]
        let keyed = records.map { row -> (String?, OrderedJSON) in
            guard case .object(let pairs) = row else { return (nil, row) }
            return (pairs.first { $0.0 == "Id" }?.1.plain.stringValue, row)
        }
        if keyed.contains(where: { $0.0 == nil }) {
            return [failed(batch, "InvalidBatch : PK chunking splits results by record Id: select Id in the query")]
        }
        for range in chunking.ranges(of: ids) {
            let rows = keyed.filter { $0.0! >= range.first && $0.0! <= range.last }.map(\.1)
            let chunk = Bulk1Batch(id: bulkJobs.newID(prefix: "751"), outcome: .completed, createdDate: now, requestBody: batch.requestBody)
            chunks.append(queryResult(chunk, rows, job: job))
        }
        return chunks
    }

    private func queryResult(_ batch: Bulk1Batch, _ records: [OrderedJSON], job: Bulk1Job) -> Bulk1Batch {
        var batch = batch
        switch BulkQueryResult.flatten(records) {
        case .success(let result):
            batch.queryResult = result
            if job.contentType == .json { batch.queryRecords = records }
            batch.resultID = bulkJobs.newID(prefix: "752")
            return batch
        case .failure(.unsupported(let message)): return failed(batch, message)
        case .failure(.soql(let error)): return failed(batch, "InvalidBatch : \(error.message)")
        }
    }

    /// The batch, after this look (which shows its outcome).
    private func lookAtBatch(_ request: HTTPRequest) throws(Bulk1Error) -> (Bulk1Job, Bulk1Batch) {
        let job = try bulk1Job(request)
        let id = request.pathParameters["batch"] ?? ""
        let found = bulkJobs.update(bulk1: job.id) { job -> Bulk1Batch? in
            guard let index = job.batches.firstIndex(where: { $0.id == id }) else { return nil }
            job.batches[index].observe()
            return job.batches[index]
        }
        guard let batch = found ?? nil else { throw Bulk1Error("InvalidBatch", "Unable to find batch \(id) in job \(job.id)") }
        return (bulkJobs.update(bulk1: job.id) { $0 }!, batch)
    }

    func bulk1ListBatches(_ request: HTTPRequest) -> HTTPResponse {
        bulk1(request) {
            _ = try bulk1Version(request)
            let job = try bulk1Job(request)
            let shown = bulkJobs.update(bulk1: job.id) { job in
                for index in job.batches.indices { job.batches[index].observe() }
                return job
            }!
            return format(job).list("batchInfoList", item: "batchInfo", shown.batches.map { Self.bulk1BatchInfo($0, job: shown) })
        }
    }

    func bulk1GetBatch(_ request: HTTPRequest) -> HTTPResponse {
        bulk1(request) {
            _ = try bulk1Version(request)
            let (job, batch) = try lookAtBatch(request)
            return format(job).element("batchInfo", Self.bulk1BatchInfo(batch, job: job))
        }
    }

    func bulk1BatchRequest(_ request: HTTPRequest) -> HTTPResponse {
        bulk1(request) {
            _ = try bulk1Version(request)
            let (job, batch) = try lookAtBatch(request)
            let type = job.operation.isQuery ? "text/plain" : (job.contentType == .json ? "application/json" : "text/csv")
            return HTTPResponse(status: .ok, headers: ["Content-Type": type], body: batch.requestBody)
        }
    }

    /// `GET …/batch/{id}/result`: each record's outcome (DML) or the result ids (query).
    func bulk1BatchResult(_ request: HTTPRequest) -> HTTPResponse {
        bulk1(request) {
            _ = try bulk1Version(request)
            let (job, batch) = try lookAtBatch(request)
            guard batch.state == .completed else {
                throw Bulk1Error("InvalidBatch", "Batch not completed: its state is \(batch.state.rawValue)")
            }
            if job.operation.isQuery { return format(job).resultList(batch.resultID.map { [$0] } ?? []) }
            switch job.contentType {
            case .json:
                let items = batch.outcomes.map { outcome -> OrderedJSON in
                    switch outcome {
                    case .succeeded(let id, let created):
                        return .object([("success", .value(true)), ("created", .value(.bool(created))), ("id", .value(.string(id))), ("errors", .array([]))])
                    case .failed(let id, let error):
                        let detail = OrderedJSON.object([
                            ("fields", .array((error.fields ?? []).map { .value(.string($0)) })), ("message", .value(.string(error.message))),
                            ("statusCode", .value(.string(error.errorCode))),
                        ])
                        return .object([("success", .value(false)), ("created", .value(false)), ("id", .value(id.map(JSONValue.string) ?? .null)), ("errors", .array([detail]))])
                    }
                }
                return HTTPResponse.json(.ok, data: OrderedJSON.array(items).serialized())
            case .csv, .xml:
                let rows = batch.outcomes.map { outcome -> [String?] in
                    switch outcome {
                    case .succeeded(let id, let created): [id, "true", created ? "true" : "false", ""]
                    case .failed(let id, let error): [id ?? "", "false", "false", BulkRowOutcome.errorText(error)]
                    }
                }
                return HTTPResponse(status: .ok, headers: ["Content-Type": "text/csv"], body: CSVWriter.document(header: ["Id", "Success", "Created", "Error"], rows: rows))
            }
        }
    }

    /// `GET …/batch/{id}/result/{resultId}`: the query's rows, CSV or JSON.
    func bulk1QueryResult(_ request: HTTPRequest) -> HTTPResponse {
        bulk1(request) {
            _ = try bulk1Version(request)
            let (job, batch) = try lookAtBatch(request)
            guard let resultID = batch.resultID, resultID == request.pathParameters["result"], let result = batch.queryResult else {
                throw Bulk1Error("InvalidBatch", "Unable to find result \(request.pathParameters["result"] ?? "") for batch \(batch.id)")
            }
            if job.contentType == .json { return HTTPResponse.json(.ok, data: OrderedJSON.array(batch.queryRecords).serialized()) }
            return HTTPResponse(status: .ok, headers: ["Content-Type": "text/csv"], body: result.csv(rows: 0..<result.rows.count, dialect: .standard))
        }
    }
}
