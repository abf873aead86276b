import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// Batch read, create, update, upsert and archive, with `207` for partial failures.
@Suite(.tags(.socket)) struct HubSpotBatchTests {
    @Test func batchCreateReadUpdateArchive() throws {
        let portal = try HubSpotTestPortal()
        let inputs: [JSONValue] = (0..<3).map { ["properties": ["email": .string("b\($0)@batch.example"), "firstname": .string("B\($0)")]] }
        let created = try portal.call(.post, "/crm/v3/objects/contacts/batch/create", json: ["inputs": .array(inputs)])
        #expect(created.status == 201 && created.json["status"] == "COMPLETE" && created.json["startedAt"] != nil && created.json["completedAt"] != nil)
        let ids = created.results.compactMap { $0["id"]?.stringValue }
        #expect(ids.count == 3)
        let read = try portal.call(.post, "/crm/v3/objects/contacts/batch/read", json: ["inputs": .array((ids + ["999"]).map { ["id": .string($0)] }), "properties": ["firstname"]])
        #expect(read.status == 207 && read.results.count == 3)
        #expect(read.json["numErrors"] == 1 && read.json["errors"]?.arrayValue?.first?["category"] == "OBJECT_NOT_FOUND")
        #expect(read.json["errors"]?.arrayValue?.first?["context"]?["ids"] == ["999"])
        let byEmail = try portal.call(.post, "/crm/v3/objects/contacts/batch/read", json: ["inputs": [["id": "b1@batch.example"]], "idProperty": "email"])
        #expect(byEmail.status == 200 && byEmail.results.first?["id"]?.stringValue == ids[1])
        let updates: [JSONValue] = ids.map { ["id": .string($0), "properties": ["jobtitle": "Batched"]] } + [["id": "999", "properties": ["jobtitle": "x"]]]
        let updated = try portal.call(.post, "/crm/v3/objects/contacts/batch/update", json: ["inputs": .array(updates)])
        #expect(updated.status == 207 && updated.results.allSatisfy { $0["properties"]?["jobtitle"] == "Batched" })
        #expect(try portal.call(.post, "/crm/v3/objects/contacts/batch/archive", json: ["inputs": .array((ids + ["999"]).map { ["id": .string($0)] })]).status == 204)
        #expect(try portal.call(.post, "/crm/v3/objects/contacts/batch/read", json: ["inputs": .array(ids.map { ["id": .string($0)] })]).results.isEmpty)
    }

    @Test func aBatchCreateIsAllOrNothing() throws {
        let portal = try HubSpotTestPortal()
        let before = portal.fake.store.records(of: "contacts").count
        let bad = try portal.call(.post, "/crm/v3/objects/contacts/batch/create", json: ["inputs": [["properties": ["email": "ok@x.example"]], ["properties": ["lifecyclestage": "royalty"]]]])
        #expect(bad.status == 400 && bad.category == "VALIDATION_ERROR")
        let duplicate = try portal.call(.post, "/crm/v3/objects/contacts/batch/create", json: ["inputs": [["properties": ["email": "new@x.example"]], ["properties": ["email": "hank@globex.example"]]]])
        #expect(duplicate.status == 409)
        #expect(portal.fake.store.records(of: "contacts").count == before)
    }

    @Test func upsertSaysWhichAreNew() throws {
        let portal = try HubSpotTestPortal()
        let reply = try portal.call(.post, "/crm/v3/objects/contacts/batch/upsert", json: ["inputs": [
            ["idProperty": "email", "id": "hank@globex.example", "properties": ["jobtitle": "Upserted"]],
            ["idProperty": "email", "id": "fresh@x.example", "properties": ["firstname": "Fresh"]],
        ]])
        #expect(reply.status == 200)
        #expect(reply.results.map { $0["new"] } == [false, true])
        #expect(reply.results.first?["id"]?.stringValue == portal.id("hank"))
        #expect(portal.fake.store.records(of: "contacts", where: "email", equals: "fresh@x.example").count == 1)
        let noKey = try portal.call(.post, "/crm/v3/objects/contacts/batch/upsert", json: ["inputs": [["idProperty": "firstname", "id": "x", "properties": [:]]]])
        #expect(noKey.status == 400)
    }

    @Test func aHundredInputsAtMost() throws {
        let portal = try HubSpotTestPortal()
        let inputs: [JSONValue] = (0..<101).map { ["properties": ["name": .string("C\($0)")]] }
        let reply = try portal.call(.post, "/crm/v3/objects/companies/batch/create", json: ["inputs": .array(inputs)])
        #expect(reply.status == 400 && reply.category == "VALIDATION_ERROR")
        #expect(try portal.call(.post, "/crm/v3/objects/companies/batch/create", json: ["inputs": .array(Array(inputs.prefix(100)))]).status == 201)
    }
}
