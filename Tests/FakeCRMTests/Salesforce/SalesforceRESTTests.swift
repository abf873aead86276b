import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// Every REST endpoint, called in memory as a client would call it.
@Suite(.tags(.inMemory)) struct SalesforceRESTTests {
    @Test func tokenEndpointGrantsAndRefuses() throws {
        let org = try SalesforceTestOrg()
        let ok = org.call(.post, "/services/oauth2/token", form: "grant_type=client_credentials&client_id=test-client&client_secret=s3cret&scope=api%20refresh_token", authorized: false)
        #expect(ok.status == 200)
        #expect(ok.json["token_type"] == "Bearer")
        #expect(ok.json["instance_url"] == "https://127.0.0.1:8443")
        let refresh = try #require(ok.json["refresh_token"]?.stringValue)
        let refreshed = org.call(.post, "/services/oauth2/token", form: "grant_type=refresh_token&refresh_token=\(refresh)&client_id=test-client", authorized: false)
        #expect(refreshed.status == 200 && refreshed.json["access_token"] != nil)
        let cases: [(String, String, String)] = [
            ("grant_type=client_credentials&client_id=nobody&client_secret=x", "invalid_client_id", "client identifier invalid"),
            ("grant_type=client_credentials&client_id=test-client&client_secret=wrong", "invalid_client", "invalid client credentials"),
            ("grant_type=password&client_id=test-client&client_secret=s3cret&username=admin@acme-vendor.example&password=no", "invalid_grant", "authentication failure"),
            ("grant_type=refresh_token&refresh_token=bogus", "invalid_grant", "expired access/refresh token"),
            ("grant_type=magic", "unsupported_grant_type", "grant type not supported"),
        ]
        for (form, error, description) in cases {
            let reply = org.call(.post, "/services/oauth2/token", form: form, authorized: false)
            #expect(reply.status == 400)
            #expect(reply.json == ["error": .string(error), "error_description": .string(description)])
        }
        let password = org.call(.post, "/services/oauth2/token", form: "grant_type=password&client_id=test-client&client_secret=s3cret&username=admin@acme-vendor.example&password=test-password", authorized: false)
        #expect(password.status == 200)
    }

    @Test func sessionsAreCheckedAndUsageReportedOnEveryCall() throws {
        let org = try SalesforceTestOrg()
        let versions = org.call(.get, "/services/data", authorized: false)
        #expect(versions.status == 200)
        #expect(versions.response.headers["Sforce-Limit-Info"] == nil)
        #expect(versions.json.arrayValue?.last?["version"] == "62.0")
        #expect(versions.json.arrayValue?.last?["label"] == "Winter '25")
        let denied = org.call(.get, "/services/data/v59.0/sobjects", authorized: false)
        #expect(denied.status == 401)
        #expect(denied.text == #"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#)
        let first = org.call(.get, "/services/data/v59.0/limits")
        #expect(first.response.headers["Sforce-Limit-Info"] == "api-usage=1/100000")
        #expect(first.json["DailyApiRequests"]?["Remaining"] == 99999)
        org.fake.oauth.expireAllAccessTokens()
        #expect(org.call(.get, "/services/data/v59.0/limits").errorCode == "INVALID_SESSION_ID")
    }

    @Test func unknownVersionsAndRoutesAreNotFound() throws {
        let org = try SalesforceTestOrg()
        #expect(org.call(.get, "/services/data/v20.0/sobjects").errorCode == "NOT_FOUND")
        #expect(org.call(.get, "/services/data/v59.0/sobjects/Nope/describe").status == 404)
        #expect(org.call(.get, "/services/data/v59.0/nothing-here").errorCode == "NOT_FOUND")
        #expect(org.call(.put, "/services/data/v59.0/sobjects/Account").status == 405)
    }

    @Test func describeGlobalHonoursIfModifiedSince() throws {
        let org = try SalesforceTestOrg()
        let described = org.call(.get, "/services/data/v59.0/sobjects")
        let lastModified = try #require(described.response.headers["Last-Modified"])
        #expect(described.json["sobjects"]?.arrayValue?.contains { $0["name"] == "MDF_Request__c" && $0["custom"] == true } == true)
        #expect(org.call(.get, "/services/data/v59.0/sobjects", headers: ["If-Modified-Since": lastModified]).status == 304)
        Thread.sleep(forTimeInterval: 1.1)
        try org.fake.store.changeSchema(actor: "harness", channel: "drift", object: "Account") { schema in
            schema.modify("Account") { $0.fields.append(FieldDefinition(name: "Churn_Risk__c", type: .percent)) }
        }
        #expect(org.call(.get, "/services/data/v59.0/sobjects", headers: ["If-Modified-Since": lastModified]).status == 200)
        let fields = org.call(.get, "/services/data/v59.0/sobjects/Account/describe").json["fields"]?.arrayValue ?? []
        #expect(fields.contains { $0["name"] == "Churn_Risk__c" && $0["type"] == "percent" && $0["soapType"] == "xsd:double" })
    }

    @Test func crudWithSalesforceShapes() throws {
        let org = try SalesforceTestOrg()
        let created = org.call(.post, "/services/data/v59.0/sobjects/Account", json: ["Name": "Stark Industries", "Website": "https://stark.example"])
        #expect(created.status == 201)
        let id = try #require(created.json["id"]?.stringValue)
        #expect(created.text == #"{"id":"\#(id)","success":true,"errors":[]}"#)
        let read = org.call(.get, "/services/data/v59.0/sobjects/Account/\(id)?fields=Name,Website")
        #expect(read.text == #"{"attributes":{"type":"Account","url":"/services/data/v59.0/sobjects/Account/\#(id)"},"Name":"Stark Industries","Website":"https://stark.example"}"#)
        #expect(org.call(.patch, "/services/data/v59.0/sobjects/Account/\(id)", json: ["Website": nil]).status == 204)
        #expect(org.call(.get, "/services/data/v59.0/sobjects/Account/\(id)").json["Website"] == .null)
        #expect(org.call(.delete, "/services/data/v59.0/sobjects/Account/\(id)").status == 204)
        #expect(org.call(.get, "/services/data/v59.0/sobjects/Account/\(id)").errorCode == "NOT_FOUND")
        #expect(org.call(.delete, "/services/data/v59.0/sobjects/Account/\(id)").errorCode == "ENTITY_IS_DELETED")
        let journal = org.fake.journal.all.filter { $0.recordID == id }
        #expect(journal.map(\.operation) == [.create, .update, .delete])
        #expect(journal.allSatisfy { $0.actor == "test-client" && $0.channel == "rest" })
    }

    @Test(arguments: [
        ("Account", ["Industry": "Retail"] as JSONValue, "REQUIRED_FIELD_MISSING", "Required fields are missing: [Name]"),
        ("Account", ["Name": "x", "Nope__c": 1], "INVALID_FIELD", "No such column 'Nope__c' on sobject of type Account"),
        ("Account", ["Name": "x", "CreatedDate": "2024-01-01T00:00:00Z"], "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: CreatedDate. Please check the security settings of this field and verify that it is read/write for your profile or permission set."),
        ("Account", ["Name": "x", "Id": "001000000000000AAA"], "INVALID_FIELD_FOR_INSERT_UPDATE", nil),
        ("Account", ["Name": "x", "AnnualRevenue": "lots"], "JSON_PARSER_ERROR", "Cannot deserialize instance of double from VALUE_STRING value lots or request may be missing a required field"),
        ("Account", ["Name": "x", "IsPartner": "maybe"], "JSON_PARSER_ERROR", nil),
        ("Account", ["Name": "x", "ParentId": "not-an-id"], "MALFORMED_ID", nil),
        ("Contact", ["LastName": "x", "Email": "nope"], "INVALID_EMAIL_ADDRESS", "Email: invalid email address: nope"),
        ("Opportunity", ["Name": "x", "StageName": "Won-ish", "CloseDate": "2027-01-01"], "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "Stage: bad value for restricted picklist field: Won-ish"),
        ("Opportunity", ["Name": "x", "StageName": "Prospecting", "CloseDate": "2027-01-01", "Amount": -1], "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Amount cannot be negative."),
        ("Opportunity", ["Name": "x", "StageName": "Prospecting", "CloseDate": "01/02/2027"], "JSON_PARSER_ERROR", nil),
        ("Opportunity", ["Name": "x", "StageName": "Prospecting", "CloseDate": "2027-01-01", "RecordTypeId": "012000000000999AAA"], "INVALID_CROSS_REFERENCE_KEY", nil),
        ("Account", ["Name": .string(String(repeating: "n", count: 256))], "STRING_TOO_LONG", nil),
        ("Account", ["Name": "x", "PRM_Partner_Id__c": "prt-northwind-dup"], nil, nil),
    ] as [(String, JSONValue, String?, String?)])
    func createErrors(object: String, body: JSONValue, code: String?, message: String?) throws {
        let org = try SalesforceTestOrg()
        let reply = org.call(.post, "/services/data/v59.0/sobjects/\(object)", json: body)
        guard let code else {
            #expect(reply.status == 201)
            let again = org.call(.post, "/services/data/v59.0/sobjects/\(object)", json: body)
            #expect(again.errorCode == "DUPLICATE_VALUE")
            return
        }
        #expect(reply.status == 400, "\(reply.text)")
        #expect(reply.errorCode == code, "\(reply.text)")
        if let message { #expect(reply.message == message) }
    }

    @Test func invalidJSONIsAParserError() throws {
        let org = try SalesforceTestOrg()
        var request = HTTPRequest(method: .post, target: "/services/data/v59.0/sobjects/Account", headers: ["Authorization": "Bearer \(org.token)", "Host": "x"])
        request.body = Data("{not json".utf8)
        let reply = SalesforceTestOrg.Reply(response: org.fake.handler.respond(to: request))
        #expect(reply.errorCode == "JSON_PARSER_ERROR")
    }

    @Test func opportunityStagesDriveClosedAndWon() throws {
        let org = try SalesforceTestOrg()
        let id = org.create("Opportunity", ["Name": "Deal", "StageName": "Prospecting", "CloseDate": "2027-01-01", "Amount": 1000])
        var record = org.call(.get, "/services/data/v59.0/sobjects/Opportunity/\(id)").json
        #expect(record["IsClosed"] == false && record["Probability"] == 10 && record["RecordTypeId"] == "0128c0000000001AAA")
        _ = org.call(.patch, "/services/data/v59.0/sobjects/Opportunity/\(id)", json: ["StageName": "Closed Won"])
        record = org.call(.get, "/services/data/v59.0/sobjects/Opportunity/\(id)").json
        #expect(record["IsClosed"] == true && record["IsWon"] == true && record["Probability"] == 100 && record["ForecastCategoryName"] == "Closed")
    }

    @Test func upsertByExternalIdFollowsTheVersion() throws {
        let org = try SalesforceTestOrg()
        let path = "/services/data/v59.0/sobjects/Account/PRM_Partner_Id__c/prt_42"
        let created = org.call(.patch, path, json: ["Name": "Partner 42"])
        #expect(created.status == 201 && created.json["created"] == true)
        let updated = org.call(.patch, path, json: ["Name": "Partner 42b"])
        #expect(updated.status == 200 && updated.json["created"] == false && updated.json["id"] == created.json["id"])
        let old = org.call(.patch, "/services/data/v45.0/sobjects/Account/PRM_Partner_Id__c/prt_42", json: ["Name": "Partner 42c"])
        #expect(old.status == 204)
        #expect(org.call(.get, path).json["Name"] == "Partner 42c")
        #expect(org.call(.get, "/services/data/v59.0/sobjects/Account/Name/x").errorCode == "NOT_FOUND", "Name is not an external id")
        #expect(org.call(.patch, path, json: ["PRM_Partner_Id__c": "other"]).errorCode == "INVALID_FIELD")
        #expect(org.call(.delete, path).status == 204)
        #expect(org.call(.get, path).status == 404)
    }

    @Test func severalMatchesAre300WithTheirURLs() throws {
        let org = try SalesforceTestOrg()
        let a = org.create("Contact", ["LastName": "A", "Legacy_Id__c": "L1"])
        let b = org.create("Contact", ["LastName": "B", "Legacy_Id__c": "L1"])
        let reply = org.call(.get, "/services/data/v59.0/sobjects/Contact/Legacy_Id__c/L1")
        #expect(reply.status == 300)
        #expect(reply.json == .array([.string("/services/data/v59.0/sobjects/Contact/\(a)"), .string("/services/data/v59.0/sobjects/Contact/\(b)")]))
        #expect(org.call(.patch, "/services/data/v59.0/sobjects/Contact/Legacy_Id__c/L1", json: ["LastName": "C"]).status == 300)
    }

    @Test func compositeCollectionsCapAndRollBack() throws {
        let org = try SalesforceTestOrg()
        let tooMany = JSONValue.object(["records": .array(Array(repeating: ["attributes": ["type": "Account"], "Name": "x"], count: 201))])
        #expect(org.call(.post, "/services/data/v59.0/composite/sobjects", json: tooMany).errorCode == "EXCEEDED_ID_LIMIT")
        let before = org.fake.journal.count
        let mixed: JSONValue = ["allOrNone": true, "records": [["attributes": ["type": "Account"], "Name": "ok"], ["attributes": ["type": "Account"]]]]
        let rolledBack = org.call(.post, "/services/data/v59.0/composite/sobjects", json: mixed).json.arrayValue ?? []
        #expect(rolledBack.first?["errors"]?.arrayValue?.first?["statusCode"] == "ALL_OR_NONE_OPERATION_ROLLED_BACK")
        #expect(rolledBack.last?["errors"]?.arrayValue?.first?["statusCode"] == "REQUIRED_FIELD_MISSING")
        #expect(org.fake.journal.count == before, "a rolled-back batch leaves no journal entry")
        let created = org.call(.post, "/services/data/v59.0/composite/sobjects", json: ["records": [["attributes": ["type": "Account"], "Name": "One"], ["attributes": ["type": "Account"], "Name": "Two"]]])
        let ids = created.json.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(ids.count == 2)
        #expect(org.fake.journal.all.suffix(2).allSatisfy { $0.channel == "composite" })
        let updated = org.call(.patch, "/services/data/v59.0/composite/sobjects", json: ["records": [["attributes": ["type": "Account"], "Id": .string(ids[0]), "Industry": "Retail"]]])
        #expect(updated.json.arrayValue?.first?["success"] == true)
        let retrieved = org.call(.get, "/services/data/v59.0/composite/sobjects/Account?ids=\(ids[0]),001000000000000AAA&fields=Name,Industry")
        #expect(retrieved.json.arrayValue?.first?["Industry"] == "Retail")
        #expect(retrieved.json.arrayValue?.last == .null)
        let upserted = org.call(.patch, "/services/data/v59.0/composite/sobjects/Account/PRM_Partner_Id__c", json: ["records": [["attributes": ["type": "Account"], "PRM_Partner_Id__c": "p1", "Name": "P1"]]])
        #expect(upserted.json.arrayValue?.first?["created"] == true)
        let deleted = org.call(.delete, "/services/data/v59.0/composite/sobjects?ids=\(ids.joined(separator: ","))")
        #expect(deleted.json.arrayValue?.allSatisfy { $0["success"] == true } == true)
    }

    @Test func replicationWindowsFollowTheRules() throws {
        let org = try SalesforceTestOrg()
        let id = org.create("Lead", ["LastName": "W", "Company": "C"])
        let now = Date()
        let start = DateFormats.formatISO(now.addingTimeInterval(-600))
        let end = DateFormats.formatISO(now.addingTimeInterval(600))
        let updated = org.call(.get, "/services/data/v59.0/sobjects/Lead/updated/?start=\(start)&end=\(end)")
        #expect(updated.json["ids"]?.arrayValue?.contains(.string(id)) == true)
        let backwards = org.call(.get, "/services/data/v59.0/sobjects/Lead/updated/?start=\(end)&end=\(start)")
        #expect(backwards.errorCode == "INVALID_REPLICATION_DATE")
        let ancient = DateFormats.formatISO(now.addingTimeInterval(-40 * 86400))
        #expect(org.call(.get, "/services/data/v59.0/sobjects/Lead/deleted/?start=\(ancient)&end=\(end)").errorCode == "INVALID_REPLICATION_DATE")
    }

    @Test func pagingWithBatchSizeAndLocators() throws {
        let org = try SalesforceTestOrg()
        let records = (0..<450).map { i -> JSONValue in ["attributes": ["type": "Lead"], "LastName": .string("P\(i)"), "Company": "Paged"] }
        for start in stride(from: 0, to: 450, by: 200) {
            _ = org.call(.post, "/services/data/v59.0/composite/sobjects", json: ["records": .array(Array(records[start..<min(start + 200, 450)]))])
        }
        let soql = "SELECT Id FROM Lead WHERE Company = 'Paged'".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        var reply = org.call(.get, "/services/data/v59.0/query?q=\(soql)", headers: ["Sforce-Query-Options": "batchSize=200"])
        var seen = reply.json["records"]?.arrayValue?.count ?? 0
        #expect(reply.json["totalSize"] == 450 && seen == 200)
        while let next = reply.json["nextRecordsUrl"]?.stringValue {
            #expect(next.hasPrefix("/services/data/v59.0/query/01g"))
            reply = org.call(.get, next)
            seen += reply.json["records"]?.arrayValue?.count ?? 0
        }
        #expect(seen == 450 && reply.json["done"] == true)
        #expect(org.call(.get, "/services/data/v59.0/query/01gBOGUS-200").errorCode == "INVALID_QUERY_LOCATOR")
    }
}
