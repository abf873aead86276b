import HTTP

/// The routes of both bulk APIs.
extension SalesforceAPI {
    mutating func registerBulkRoutes(_ api: SalesforceAPI) {
        router.post("/services/data/:version/jobs/ingest") { try api.bulk2CreateIngest($0) }
        router.get("/services/data/:version/jobs/ingest") { try api.bulk2JobList($0, kind: .ingest) }
        router.get("/services/data/:version/jobs/ingest/:job") { try api.bulk2IngestInfo($0) }
        router.patch("/services/data/:version/jobs/ingest/:job") { try api.bulk2ChangeState($0, kind: .ingest) }
        router.delete("/services/data/:version/jobs/ingest/:job") { try api.bulk2Delete($0, kind: .ingest) }
        router.put("/services/data/:version/jobs/ingest/:job/batches") { try api.bulk2Upload($0) }
        router.get("/services/data/:version/jobs/ingest/:job/successfulResults") { try api.bulk2IngestResults($0, .successful) }
        router.get("/services/data/:version/jobs/ingest/:job/failedResults") { try api.bulk2IngestResults($0, .failed) }
        router.get("/services/data/:version/jobs/ingest/:job/unprocessedrecords") { try api.bulk2IngestResults($0, .unprocessed) }
        router.post("/services/data/:version/jobs/query") { try api.bulk2CreateQuery($0) }
        router.get("/services/data/:version/jobs/query") { try api.bulk2JobList($0, kind: .query) }
        router.get("/services/data/:version/jobs/query/:job") { try api.bulk2QueryInfo($0) }
        router.patch("/services/data/:version/jobs/query/:job") { try api.bulk2ChangeState($0, kind: .query) }
        router.delete("/services/data/:version/jobs/query/:job") { try api.bulk2Delete($0, kind: .query) }
        router.get("/services/data/:version/jobs/query/:job/results") { try api.bulk2QueryResults($0) }

        router.post("/services/async/:version/job") { api.bulk1CreateJob($0) }
        router.get("/services/async/:version/job/:job") { api.bulk1GetJob($0) }
        router.post("/services/async/:version/job/:job") { api.bulk1UpdateJob($0) }
        router.post("/services/async/:version/job/:job/batch") { api.bulk1AddBatch($0) }
        router.get("/services/async/:version/job/:job/batch") { api.bulk1ListBatches($0) }
        router.get("/services/async/:version/job/:job/batch/:batch") { api.bulk1GetBatch($0) }
        router.get("/services/async/:version/job/:job/batch/:batch/request") { api.bulk1BatchRequest($0) }
        router.get("/services/async/:version/job/:job/batch/:batch/result") { api.bulk1BatchResult($0) }
        router.get("/services/async/:version/job/:job/batch/:batch/result/:result") { api.bulk1QueryResult($0) }
    }
}
