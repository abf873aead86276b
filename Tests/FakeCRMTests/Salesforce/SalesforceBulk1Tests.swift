import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// Bulk API 1.0 jobs and batches, XML and JSON, called in memory with the
/// `X-SFDC-Session` header its clients send.
@Suite(.tags(.inMemory)) struct SalesforceBulk1Tests {
    private let base = "/services/async/59.0"

    private func session(_ org: SalesforceTestOrg, _ type: String) -> HTTPHeaders {
        ["X-SFDC-Session": org.token, "Content-Type": type]
    }

    private func xmlValue(_ tag: String, in reply: SalesforceTestOrg.Reply) -> String? {
        guard let start = reply.text.range(of: "<\(tag)>"), let end = reply.text.range(of: "</\(tag)>", range: start.upperBound..<reply.text.endIndex) else { return nil }
        return String(reply.text[start.upperBound..<end.lowerBound])
    }

    @Test func xmlCSVQueryJobAsTapSalesforceRunsIt() throws {
        let org = try SalesforceTestOrg()
        let expected = org.fake.store.records(of: "Account").count
        // tap-salesforce creates the job in JSON, adds the query as text/csv and reads batches as XML.
        let job = org.call(.post, "\(base)/job", json: ["operation": "queryAll", "object": "Account", "contentType": "CSV"], headers: session(org, "application/json"), authorized: false)
        #expect(job.status == 201)
        #expect(job.json["state"] == "Open" && job.json["contentType"] == "CSV" && job.text.contains("\"apiVersion\":59.0"))
        let jobID = try #require(job.json["id"]?.stringValue)
        let added = org.call(.post, "\(base)/job/\(jobID)/batch", raw: "SELECT Id, Name FROM Account ORDER BY Id", headers: session(org, "text/csv"), authorized: false)
        #expect(added.status == 201)
        #expect(added.response.headers["Content-Type"] == "application/xml")
        #expect(added.text.contains("<batchInfo\n   xmlns=\"http://www.force.com/2009/06/asyncapi/dataload\">"))
        #expect(xmlValue("state", in: added) == "Queued")
        let batchID = try #require(xmlValue("id", in: added))
        #expect(org.call(.post, "\(base)/job/\(jobID)", json: ["state": "Closed"], headers: session(org, "application/json"), authorized: false).json["state"] == "Closed")
        let batch = org.call(.get, "\(base)/job/\(jobID)/batch/\(batchID)", headers: session(org, "application/json"), authorized: false)
        #expect(xmlValue("state", in: batch) == "Completed")
        #expect(xmlValue("numberRecordsProcessed", in: batch) == String(expected))
        let list = org.call(.get, "\(base)/job/\(jobID)/batch/\(batchID)/result", headers: session(org, "application/json"), authorized: false)
        let resultID = try #require(xmlValue("result", in: list))
        #expect(resultID.hasPrefix("752"))
        let csv = org.call(.get, "\(base)/job/\(jobID)/batch/\(batchID)/result/\(resultID)", headers: session(org, "text/csv"), authorized: false)
        let table = try CSVReader.rows(csv.response.body)
        #expect(table.first == ["Id", "Name"])
        #expect(table.count == expected + 1)
        #expect(org.call(.post, "\(base)/job/\(jobID)/batch", raw: "SELECT Id FROM Account", headers: session(org, "text/csv"), authorized: false).text.contains("InvalidJobState"))
    }

    @Test func jsonInsertJobAsSimpleSalesforceRunsIt() throws {
        let org = try SalesforceTestOrg()
        let job = org.call(.post, "\(base)/job", json: ["operation": "insert", "object": "Contact", "concurrencyMode": 0, "contentType": "JSON"], headers: session(org, "application/json"), authorized: false)
        let jobID = try #require(job.json["id"]?.stringValue)
        let added = org.call(.post, "\(base)/job/\(jobID)/batch", json: [["LastName": "One"], ["LastName": "Two", "Email": "bad"], ["FirstName": "NoLast"]], headers: session(org, "application/json"), authorized: false)
        #expect(added.status == 201 && added.json["state"] == "Queued")
        let batchID = try #require(added.json["id"]?.stringValue)
        #expect(org.call(.get, "\(base)/job/\(jobID)/batch/\(batchID)", headers: session(org, "application/json"), authorized: false).json["state"] == "Completed")
        let results = try #require(org.call(.get, "\(base)/job/\(jobID)/batch/\(batchID)/result", headers: session(org, "application/json"), authorized: false).json.arrayValue)
        #expect(results.count == 3)
        #expect(results[0]["success"] == true && results[0]["created"] == true)
        #expect(results[1]["success"] == false && results[1]["errors"]?.arrayValue?.first?["statusCode"] == "INVALID_EMAIL_ADDRESS")
        #expect(results[2]["errors"]?.arrayValue?.first?["statusCode"] == "REQUIRED_FIELD_MISSING")
        let id = try #require(results[0]["id"]?.stringValue)
        let entry = try #require(org.fake.journal.entries(after: 0).last { $0.recordID == id })
        #expect(entry.channel == "bulk" && entry.actor == "test-client")
        let info = org.call(.get, "\(base)/job/\(jobID)", headers: session(org, "application/json"), authorized: false).json
        #expect(info["numberBatchesCompleted"] == 1 && info["numberRecordsProcessed"] == 3 && info["numberRecordsFailed"] == 2)
    }

    @Test func xmlJobInfoIsReadAndAnsweredInXML() throws {
        let org = try SalesforceTestOrg()
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <jobInfo xmlns="http://www.force.com/2009/06/asyncapi/dataload">
              <operation>update</operation>
              <object>Account</object>
              <contentType>CSV</contentType>
            </jobInfo>
            """
        let job = org.call(.post, "\(base)/job", raw: body, headers: session(org, "application/xml; charset=UTF-8"), authorized: false)
        #expect(job.status == 201)
        #expect(xmlValue("operation", in: job) == "update" && xmlValue("state", in: job) == "Open")
        let jobID = try #require(xmlValue("id", in: job))
        let account = org.create("Account", ["Name": "Old"])
        let added = org.call(.post, "\(base)/job/\(jobID)/batch", raw: "Id,Name\n\(account),New\n", headers: session(org, "text/csv"), authorized: false)
        let batchID = try #require(xmlValue("id", in: added))
        let result = org.call(.get, "\(base)/job/\(jobID)/batch/\(batchID)/result", headers: session(org, "text/csv"), authorized: false)
        #expect(try CSVReader.rows(result.response.body) == [["Id", "Success", "Created", "Error"], [account, "true", "false", ""]])
        #expect(org.fake.store.record(id: account)?["Name"] == "New")
        let close = "<?xml version=\"1.0\"?><jobInfo xmlns=\"http://www.force.com/2009/06/asyncapi/dataload\"><state>Closed</state></jobInfo>"
        #expect(xmlValue("state", in: org.call(.post, "\(base)/job/\(jobID)", raw: close, headers: session(org, "application/xml"), authorized: false)) == "Closed")
    }

    @Test func pkChunkingSplitsAQueryIntoIdRangeBatches() throws {
        let org = try SalesforceTestOrg()
        for n in 0..<7 { org.create("Lead", ["LastName": .string("Chunk \(n)"), "Company": "C", "Status": "Open - Not Contacted"]) }
        let leads = org.fake.store.records(of: "Lead").count
        var headers = session(org, "application/json")
        headers["Sforce-Enable-PKChunking"] = "true; chunkSize=3"
        let job = org.call(.post, "\(base)/job", json: ["operation": "query", "object": "Lead", "contentType": "CSV"], headers: headers, authorized: false)
        let jobID = try #require(job.json["id"]?.stringValue)
        _ = org.call(.post, "\(base)/job/\(jobID)/batch", raw: "SELECT Id, LastName FROM Lead", headers: session(org, "text/csv"), authorized: false)
        let list = org.call(.get, "\(base)/job/\(jobID)/batch", headers: session(org, "application/json"), authorized: false)
        let states = list.text.components(separatedBy: "<state>").dropFirst().map { $0.prefix { $0 != "<" } }
        #expect(states.first == "NotProcessed")
        #expect(states.dropFirst().allSatisfy { $0 == "Completed" })
        #expect(states.count - 1 == (leads + 2) / 3)
        var seen: [String] = []
        let ids = list.text.components(separatedBy: "<id>").dropFirst().map { String($0.prefix { $0 != "<" }) }
        for batchID in ids.dropFirst() {
            let results = org.call(.get, "\(base)/job/\(jobID)/batch/\(batchID)/result", headers: session(org, "application/json"), authorized: false)
            let resultID = try #require(xmlValue("result", in: results))
            let rows = try CSVReader.rows(org.call(.get, "\(base)/job/\(jobID)/batch/\(batchID)/result/\(resultID)", headers: session(org, "text/csv"), authorized: false).response.body)
            #expect(rows.count <= 4)
            seen += rows.dropFirst().map { $0[0] }
        }
        #expect(seen.count == leads && Set(seen).count == leads)
        #expect(seen == seen.sorted(), "chunks are consecutive id ranges")
        headers["Sforce-Enable-PKChunking"] = "chunkSize=999999"
        #expect(org.call(.post, "\(base)/job", json: ["operation": "query", "object": "Lead", "contentType": "CSV"], headers: headers, authorized: false).json["exceptionCode"] == "InvalidJob")
    }

    @Test func badSessionsAndUnknownJobsAreRefusedInBulkAPIWords() throws {
        let org = try SalesforceTestOrg()
        let xml = org.call(.post, "\(base)/job", raw: "<jobInfo/>", headers: ["X-SFDC-Session": "nope", "Content-Type": "application/xml"], authorized: false)
        #expect(xml.status == 400)
        #expect(xml.text.contains("<exceptionCode>InvalidSessionId</exceptionCode>"))
        let json = org.call(.get, "\(base)/job/750000000000000AAA", headers: session(org, "application/json"), authorized: false)
        #expect(json.status == 400 && json.json["exceptionCode"] == "InvalidJob")
        #expect(json.response.headers["Content-Type"]?.hasPrefix("application/json") == true)
        #expect(org.call(.get, "/services/async/12.0/job/x", headers: session(org, "application/json"), authorized: false).json["exceptionCode"] == "InvalidVersion")
    }
}
