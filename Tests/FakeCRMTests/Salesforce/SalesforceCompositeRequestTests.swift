import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// `composite` (references, all or none), `composite/tree` and `composite/batch`.
@Suite(.tags(.inMemory)) struct SalesforceCompositeRequestTests {
    private let base = "/services/data/v59.0"

    private func request(_ allOrNone: Bool, contactEmail: String) -> JSONValue {
        [
            "allOrNone": .bool(allOrNone),
            "compositeRequest": [
                ["method": "POST", "url": .string("\(base)/sobjects/Account"), "referenceId": "newAccount", "body": ["Name": "Composite Parent"]],
                ["method": "POST", "url": .string("\(base)/sobjects/Contact"), "referenceId": "newContact", "body": ["LastName": "Kid", "AccountId": "@{newAccount.id}", "Email": .string(contactEmail)]],
            ],
        ]
    }

    @Test func referencesCarryEarlierIdsIntoLaterSubrequests() throws {
        let org = try SalesforceTestOrg()
        let reply = org.call(.post, "\(base)/composite", json: request(true, contactEmail: "kid@example.com"))
        #expect(reply.status == 200)
        let responses = try #require(reply.json["compositeResponse"]?.arrayValue)
        #expect(responses.map { $0["httpStatusCode"] } == [201, 201])
        let account = try #require(responses[0]["body"]?["id"]?.stringValue)
        let contact = try #require(responses[1]["body"]?["id"]?.stringValue)
        #expect(responses[0]["httpHeaders"]?["Location"]?.stringValue == "\(base)/sobjects/Account/\(account)")
        #expect(org.fake.store.record(id: contact)?["AccountId"] == .string(account))
        #expect(org.fake.journal.entries(after: 0).filter { $0.channel == "composite" }.count == 2)
    }

    @Test func allOrNoneRollsBackEveryWriteAndJournalsNothing() throws {
        let org = try SalesforceTestOrg()
        let accounts = org.fake.store.records(of: "Account").count
        let journaled = org.fake.journal.entries(after: 0).count
        let reply = org.call(.post, "\(base)/composite", json: request(true, contactEmail: "not-an-email"))
        let responses = try #require(reply.json["compositeResponse"]?.arrayValue)
        #expect(responses[0]["httpStatusCode"] == 400)
        #expect(responses[0]["body"]?.arrayValue?.first?["errorCode"] == "PROCESSING_HALTED")
        #expect(responses[1]["httpStatusCode"] == 400)
        #expect(responses[1]["body"]?.arrayValue?.first?["errorCode"] == "INVALID_EMAIL_ADDRESS")
        #expect(org.fake.store.records(of: "Account").count == accounts, "the account created first is rolled back")
        #expect(org.fake.journal.entries(after: 0).count == journaled)
    }

    @Test func withoutAllOrNoneEarlierWritesStandAndDependentsAreHalted() throws {
        let org = try SalesforceTestOrg()
        let accounts = org.fake.store.records(of: "Account").count
        let reply = org.call(.post, "\(base)/composite", json: [
            "compositeRequest": [
                ["method": "POST", "url": .string("\(base)/sobjects/Account"), "referenceId": "ok", "body": ["Name": "Stays"]],
                ["method": "POST", "url": .string("\(base)/sobjects/Account"), "referenceId": "bad", "body": ["Phone": "1"]],
                ["method": "PATCH", "url": .string("\(base)/sobjects/Account/@{bad.id}"), "referenceId": "dependent", "body": ["Name": "x"]],
                ["method": "GET", "url": .string("\(base)/query?q=SELECT+Id+FROM+Account"), "referenceId": "read"],
            ],
        ])
        let responses = try #require(reply.json["compositeResponse"]?.arrayValue)
        #expect(responses.map { $0["httpStatusCode"] } == [201, 400, 400, 400])
        #expect(responses[1]["body"]?.arrayValue?.first?["errorCode"] == "REQUIRED_FIELD_MISSING")
        #expect(responses[2]["body"]?.arrayValue?.first?["errorCode"] == "PROCESSING_HALTED")
        #expect(responses[3]["body"]?.arrayValue?.first?["errorCode"] == "INVALID_COMPOSITE_SUBREQUEST")
        #expect(org.fake.store.records(of: "Account").count == accounts + 1)
    }

    @Test func treeCreatesAllOrNone() throws {
        let org = try SalesforceTestOrg()
        let accounts = org.fake.store.records(of: "Account").count
        let good = org.call(.post, "\(base)/composite/tree/Account", json: ["records": [
            ["attributes": ["type": "Account", "referenceId": "a1"], "Name": "Tree One"],
            ["attributes": ["type": "Account", "referenceId": "a2"], "Name": "Tree Two"],
        ]])
        #expect(good.status == 201 && good.json["hasErrors"] == false)
        #expect(good.json["results"]?.arrayValue?.map { $0["referenceId"] } == ["a1", "a2"])
        let bad = org.call(.post, "\(base)/composite/tree/Account", json: ["records": [
            ["attributes": ["type": "Account", "referenceId": "b1"], "Name": "Tree Three"],
            ["attributes": ["type": "Account", "referenceId": "b2"], "Phone": "1"],
        ]])
        #expect(bad.status == 400 && bad.json["hasErrors"] == true)
        #expect(bad.json["results"]?.arrayValue?.map { $0["referenceId"] } == ["b2"])
        #expect(org.fake.store.records(of: "Account").count == accounts + 2)
    }

    @Test func batchRunsIndependentSubrequestsAndHaltsOnRequest() throws {
        let org = try SalesforceTestOrg()
        let account = org.create("Account", ["Name": "Batch Read"])
        let reply = org.call(.post, "\(base)/composite/batch", json: [
            "haltOnError": true,
            "batchRequests": [
                ["method": "GET", "url": .string("v59.0/sobjects/Account/\(account)?fields=Name")],
                ["method": "PATCH", "url": "v59.0/sobjects/Account/001000000000000AAA", "richInput": ["Name": "x"]],
                ["method": "GET", "url": "v59.0/limits"],
            ],
        ])
        #expect(reply.json["hasErrors"] == true)
        let results = try #require(reply.json["results"]?.arrayValue)
        #expect(results.map { $0["statusCode"] } == [200, 404, 412])
        #expect(results[0]["result"]?["Name"] == "Batch Read")
        #expect(results[2]["result"]?.arrayValue?.first?["errorCode"] == "BATCH_PROCESSING_HALTED")
    }
}
