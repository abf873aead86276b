import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// Associations v4: seeded links, default and labelled types, batches, labels.
@Suite(.tags(.socket)) struct HubSpotAssociationsTests {
    @Test func seededReferencesAreAssociations() throws {
        let portal = try HubSpotTestPortal()
        let links = try portal.call(.get, "/crm/v4/objects/deals/\(portal.id("umbrella_deal"))/associations/companies").results
        #expect(links.count == 1 && links.first?["toObjectId"]?.intValue == Int(portal.id("umbrella")))
        let types = links.first?["associationTypes"]?.arrayValue ?? []
        #expect(Set(types.compactMap { $0["typeId"]?.intValue }) == [341, 5])
        #expect(types.contains { $0["typeId"] == 5 && $0["label"] == "Primary" && $0["category"] == "HUBSPOT_DEFINED" })
        let back = try portal.call(.get, "/crm/v4/objects/companies/\(portal.id("umbrella"))/associations/deals").results
        #expect(Set(back.first?["associationTypes"]?.arrayValue?.compactMap { $0["typeId"]?.intValue } ?? []) == [342, 6], "both directions")
        let lineItems = try portal.call(.get, "/crm/v4/objects/deals/\(portal.id("umbrella_deal"))/associations/line_items?limit=1")
        #expect(lineItems.results.count == 1 && lineItems.json["paging"]?["next"]?["after"] == "1")
    }

    @Test func labelledDefaultAndRemoval() throws {
        let portal = try HubSpotTestPortal()
        let contact = portal.id("walkin")
        let company = portal.id("initech")
        let labelled = try portal.call(.put, "/crm/v4/objects/contacts/\(contact)/associations/companies/\(company)", json: [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1]])
        #expect(labelled.status == 201 && labelled.json["labels"] == ["Primary"] && labelled.json["fromObjectTypeId"] == "0-1" && labelled.json["toObjectId"]?.intValue == Int(company))
        let wrong = try portal.call(.put, "/crm/v4/objects/contacts/\(contact)/associations/companies/\(company)", json: [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3]])
        #expect(wrong.status == 400)
        let byDefault = try portal.call(.put, "/crm/v4/objects/contacts/\(contact)/associations/default/companies/\(company)")
        #expect(byDefault.status == 200 && byDefault.results.count == 2)
        #expect(byDefault.results.first?["associationSpec"]?["associationTypeId"] == 279)
        #expect(try portal.call(.put, "/crm/v4/objects/contacts/999/associations/default/companies/\(company)").status == 404)
        #expect(portal.fake.journal.all.last?.object == HubSpotAssociations.journalObject)
        #expect(try portal.call(.delete, "/crm/v4/objects/contacts/\(contact)/associations/companies/\(company)").status == 204)
        #expect(try portal.call(.get, "/crm/v4/objects/contacts/\(contact)/associations/companies").results.isEmpty)
        #expect(try portal.call(.get, "/crm/v4/objects/companies/\(company)/associations/contacts").results.count == 1, "Peter stays linked")
    }

    @Test func batchesAndLabels() throws {
        let portal = try HubSpotTestPortal()
        let deal = portal.id("initech_deal")
        let peter = portal.id("peter")
        let label = try portal.call(.post, "/crm/v4/associations/deals/contacts/labels", json: ["label": "Decision maker", "name": "decision_maker"])
        let typeID = try #require(label.results.first?["typeId"]?.intValue)
        #expect(label.results.first?["category"] == "USER_DEFINED")
        #expect(try portal.call(.get, "/crm/v4/associations/deals/contacts/labels").results.contains { $0["label"] == "Decision maker" })
        let created = try portal.call(.post, "/crm/v4/associations/deals/contacts/batch/create", json: ["inputs": [
            ["from": ["id": .string(deal)], "to": ["id": .string(peter)], "types": [["associationCategory": "USER_DEFINED", "associationTypeId": .int(typeID)]]]
        ]])
        #expect(created.status == 201 && created.results.first?["labels"] == ["Decision maker"])
        let read = try portal.call(.post, "/crm/v4/associations/deals/contacts/batch/read", json: ["inputs": [["id": .string(deal)], ["id": .string(portal.id("umbrella_deal"))], ["id": "999"]]])
        #expect(read.status == 207 && read.results.count == 2)
        let defaults = try portal.call(.post, "/crm/v4/associations/deals/companies/batch/associate/default", json: ["inputs": [["from": ["id": .string(deal)], "to": ["id": .string(portal.id("globex"))]]]])
        #expect(defaults.status == 200 && defaults.results.first?["associationSpec"]?["associationTypeId"] == 341)
        let archived = try portal.call(.post, "/crm/v4/associations/deals/contacts/batch/archive", json: ["inputs": [["from": ["id": .string(deal)], "to": [["id": .string(peter)]]]]])
        #expect(archived.status == 204)
        #expect(try portal.call(.get, "/crm/v4/objects/deals/\(deal)/associations/contacts").results.isEmpty)
        #expect(try portal.call(.delete, "/crm/v4/associations/deals/contacts/labels/\(typeID)").status == 204)
        let onCreate = try portal.call(.post, "/crm/v3/objects/deals", json: ["properties": ["dealname": "Linked"], "associations": [["to": ["id": .string(peter)], "types": [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3]]]]])
        #expect(onCreate.status == 201)
        let newDeal = onCreate.json["id"]?.stringValue ?? ""
        #expect(try portal.call(.get, "/crm/v4/objects/deals/\(newDeal)/associations/contacts").results.count == 1)
        #expect(try portal.call(.get, "/crm/associations/2026-03/deals/contacts/labels").status == 200, "the date-versioned twin")
    }
}
