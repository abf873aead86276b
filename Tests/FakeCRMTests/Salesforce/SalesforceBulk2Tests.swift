import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// Bulk API 2.0 ingest and query jobs, called in memory as a client calls them.
@Suite(.tags(.inMemory)) struct SalesforceBulk2Tests {
    private let base = "/services/data/v59.0/jobs"

    private func csvRows(_ reply: SalesforceTestOrg.Reply) throws -> [[String]] {
        try CSVReader.rows(reply.response.body)
    }

    @Test func ingestJobInsertsRowsReportsEachAndJournalsTheWrites() throws {
        let org = try SalesforceTestOrg()
        let created = org.call(.post, "\(base)/ingest", json: ["object": "Account", "operation": "insert", "contentType": "CSV", "lineEnding": "LF"])
        #expect(created.status == 200)
        #expect(created.json["state"] == "Open")
        #expect(created.text.contains("\"apiVersion\":59.0"))
        let id = try #require(created.json["id"]?.stringValue)
        #expect(id.hasPrefix("750") && id.count == 18)
        #expect(created.json["contentUrl"]?.stringValue == "services/data/v59.0/jobs/ingest/\(id)/batches")
        let before = org.fake.journal.entries(after: 0).count

        let csv = "Name,AnnualRevenue,NumberOfEmployees\n\"Bulk, One\",1000,5\nBulk Two,,7\n,12,3\n"
        let upload = org.call(.put, "\(base)/ingest/\(id)/batches", raw: csv, headers: ["Content-Type": "text/csv"])
        #expect(upload.status == 201 && upload.response.body.isEmpty)
        let closed = org.call(.patch, "\(base)/ingest/\(id)", json: ["state": "UploadComplete"])
        #expect(closed.status == 200 && closed.json["state"] == "UploadComplete")
        #expect(org.call(.put, "\(base)/ingest/\(id)/batches", raw: csv, headers: ["Content-Type": "text/csv"]).errorCode == "INVALIDJOBSTATE")

        let info = org.call(.get, "\(base)/ingest/\(id)")
        #expect(info.json["state"] == "JobComplete")
        #expect(info.json["jobType"] == "V2Ingest")
        #expect(info.json["numberRecordsProcessed"] == 3)
        #expect(info.json["numberRecordsFailed"] == 1)

        let successes = try csvRows(org.call(.get, "\(base)/ingest/\(id)/successfulResults/"))
        #expect(successes.first == ["sf__Id", "sf__Created", "Name", "AnnualRevenue", "NumberOfEmployees"])
        #expect(successes.dropFirst().map { $0[2] } == ["Bulk, One", "Bulk Two"])
        let newID = try #require(successes.dropFirst().first?[0])
        #expect(org.fake.store.record(id: newID)?["AnnualRevenue"] == .double(1000))
        let failures = try csvRows(org.call(.get, "\(base)/ingest/\(id)/failedResults/"))
        #expect(failures.count == 2)
        #expect(failures[1][1].hasPrefix("REQUIRED_FIELD_MISSING:Required fields are missing: [Name]"))
        #expect(try csvRows(org.call(.get, "\(base)/ingest/\(id)/unprocessedrecords/")).count == 1, "the header only")

        let writes = org.fake.journal.entries(after: 0).dropFirst(before)
        #expect(writes.count == 2)
        #expect(writes.allSatisfy { $0.channel == "bulk2" && $0.actor == "test-client" && $0.operation == .create })

        #expect(org.call(.delete, "\(base)/ingest/\(id)").status == 204)
        #expect(org.call(.get, "\(base)/ingest/\(id)").errorCode == "NOT_FOUND")
    }

    @Test func ingestUpdateUpsertAndDeleteByIdAndExternalID() throws {
        let org = try SalesforceTestOrg()
        let a = org.create("Account", ["Name": "Before", "PRM_Partner_Id__c": "P-1"])
        func run(_ operation: String, _ csv: String, external: String? = nil) throws -> JSONValue {
            var body: [String: JSONValue] = ["object": "Account", "operation": .string(operation)]
            if let external { body["externalIdFieldName"] = .string(external) }
            let id = try #require(org.call(.post, "\(base)/ingest", json: .object(body)).json["id"]?.stringValue)
            _ = org.call(.put, "\(base)/ingest/\(id)/batches", raw: csv, headers: ["Content-Type": "text/csv"])
            _ = org.call(.patch, "\(base)/ingest/\(id)", json: ["state": "UploadComplete"])
            return org.call(.get, "\(base)/ingest/\(id)").json
        }
        #expect(try run("update", "Id,Name,Phone\n\(a),After,#N/A\n")["numberRecordsFailed"] == 0)
        #expect(org.fake.store.record(id: a)?["Name"] == "After")
        let upsert = try run("upsert", "PRM_Partner_Id__c,Name\nP-1,Upserted\nP-2,New One\n", external: "PRM_Partner_Id__c")
        #expect(upsert["numberRecordsProcessed"] == 2 && upsert["numberRecordsFailed"] == 0)
        #expect(org.fake.store.record(id: a)?["Name"] == "Upserted")
        #expect(org.fake.store.records(of: "Account", where: "PRM_Partner_Id__c", equals: "P-2").count == 1)
        #expect(try run("delete", "Id\n\(a)\n")["numberRecordsFailed"] == 0)
        #expect(org.fake.store.record(id: a) == nil)
        let missing = org.call(.post, "\(base)/ingest", json: ["object": "Account", "operation": "upsert"])
        #expect(missing.status == 400 && missing.errorCode == "INVALIDJOB")
        #expect(org.call(.post, "\(base)/ingest", json: ["object": "Nope", "operation": "insert"]).errorCode == "INVALIDJOB")
        #expect(org.call(.post, "\(base)/ingest", json: ["object": "Account", "operation": "merge"]).errorCode == "INVALIDJOB")
    }

    @Test func malformedCSVFailsTheJobAndLeavesItsRowsUnprocessed() throws {
        let org = try SalesforceTestOrg()
        let id = try #require(org.call(.post, "\(base)/ingest", json: ["object": "Account", "operation": "insert"]).json["id"]?.stringValue)
        _ = org.call(.put, "\(base)/ingest/\(id)/batches", raw: "Name\n\"never closed\n", headers: ["Content-Type": "text/csv"])
        _ = org.call(.patch, "\(base)/ingest/\(id)", json: ["state": "UploadComplete"])
        let info = org.call(.get, "\(base)/ingest/\(id)")
        #expect(info.json["state"] == "Failed")
        #expect(info.json["errorMessage"]?.stringValue?.hasPrefix("InvalidBatch") == true)
        #expect(org.call(.put, "\(base)/ingest/\(id)/batches", raw: "Name\nx\n", headers: ["Content-Type": "application/json"]).errorCode == "INVALIDCONTENTTYPE")
    }

    @Test func queryJobPagesCSVByMaxRecordsAndLocator() throws {
        let org = try SalesforceTestOrg()
        for n in 0..<25 { org.create("Account", ["Name": .string("Paged \(n)"), "NumberOfEmployees": .int(n)]) }
        let expected = org.fake.store.records(of: "Account").count
        let created = org.call(.post, "\(base)/query", json: ["operation": "query", "query": "SELECT Id, Name, NumberOfEmployees FROM Account"])
        #expect(created.status == 200 && created.json["state"] == "UploadComplete" && created.json["object"] == "Account")
        let id = try #require(created.json["id"]?.stringValue)
        let info = org.call(.get, "\(base)/query/\(id)")
        #expect(info.json["state"] == "JobComplete" && info.json["jobType"] == "V2Query")
        #expect(info.json["numberRecordsProcessed"] == .int(expected))

        var locator = ""
        var rows: [[String]] = []
        var pages = 0
        repeat {
            let page = org.call(.get, "\(base)/query/\(id)/results?maxRecords=10" + (locator.isEmpty ? "" : "&locator=\(locator)"))
            #expect(page.status == 200)
            #expect(page.response.headers["Content-Type"] == "text/csv")
            let table = try csvRows(page)
            #expect(table.first == ["Id", "Name", "NumberOfEmployees"])
            #expect(page.response.headers["Sforce-NumberOfRecords"] == String(table.count - 1))
            rows += table.dropFirst()
            locator = page.response.headers["Sforce-Locator"] ?? "null"
            pages += 1
        } while locator != "null" && pages < 100
        #expect(pages == (expected + 9) / 10)
        #expect(rows.count == expected)
        #expect(Set(rows.map { $0[0] }).count == expected)
        #expect(rows.contains(["\(rows.first { $0[1] == "Paged 3" }?[0] ?? "")", "Paged 3", "3"]))
        #expect(org.call(.get, "\(base)/query/\(id)/results?maxRecords=0").status == 400)
        #expect(org.call(.get, "\(base)/query/\(id)/results?locator=bogus!").status == 400)
        #expect(org.call(.patch, "\(base)/query/\(id)", json: ["state": "Aborted"]).errorCode == "INVALIDJOBSTATE")
        #expect(org.call(.delete, "\(base)/query/\(id)").status == 204)
    }

    @Test func queryAllSeesDeletedRecordsAndBadQueriesAreRefused() throws {
        let org = try SalesforceTestOrg()
        let gone = org.create("Account", ["Name": "Soon Gone"])
        _ = org.call(.delete, "/services/data/v59.0/sobjects/Account/\(gone)")
        func ids(_ operation: String) throws -> Set<String> {
            let id = try #require(org.call(.post, "\(base)/query", json: ["operation": .string(operation), "query": "SELECT Id, IsDeleted FROM Account"]).json["id"]?.stringValue)
            return Set(try csvRows(org.call(.get, "\(base)/query/\(id)/results")).dropFirst().map { $0[0] })
        }
        #expect(try !ids("query").contains(gone))
        #expect(try ids("queryAll").contains(gone))
        let bad = org.call(.post, "\(base)/query", json: ["operation": "query", "query": "SELECT Id FROM"])
        #expect(bad.status == 400 && bad.errorCode == "MALFORMED_QUERY")
        let aborted = try #require(org.call(.post, "\(base)/query", json: ["operation": "query", "query": "SELECT Id FROM Account"]).json["id"]?.stringValue)
        #expect(org.call(.patch, "\(base)/query/\(aborted)", json: ["state": "Aborted"]).json["state"] == "Aborted")
        let results = org.call(.get, "\(base)/query/\(aborted)/results")
        #expect(results.status == 412 && results.errorCode == "JOB_NOT_COMPLETE")
    }

    @Test func relationshipFieldsBecomeDottedColumnsAndLimitsCountBulkUse() throws {
        let org = try SalesforceTestOrg()
        let account = org.create("Account", ["Name": "Parent Co"])
        org.create("Contact", ["LastName": "Child", "AccountId": .string(account)])
        org.create("Contact", ["LastName": "Orphan"])
        let id = try #require(
            org.call(.post, "\(base)/query", json: ["operation": "query", "query": "SELECT LastName, Account.Name FROM Contact WHERE LastName IN ('Child','Orphan') ORDER BY LastName"]).json["id"]?.stringValue)
        let table = try csvRows(org.call(.get, "\(base)/query/\(id)/results"))
        #expect(table == [["LastName", "Account.Name"], ["Child", "Parent Co"], ["Orphan", ""]])
        let limits = org.call(.get, "/services/data/v59.0/limits").json
        #expect(limits["DailyBulkV2QueryJobs"]?["Remaining"] == .int(BulkJobTable.dailyBulkV2QueryJobs - 1))
        #expect(limits["DailyBulkApiBatches"]?["Max"] == 15000)
    }
}
