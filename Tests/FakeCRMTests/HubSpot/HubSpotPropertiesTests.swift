import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// Properties (and groups, batch), custom object schemas, pipelines and owners.
@Suite(.tags(.socket)) struct HubSpotPropertiesTests {
    @Test func propertiesListWithTheirTypePairs() throws {
        let portal = try HubSpotTestPortal()
        let list = try portal.call(.get, "/crm/v3/properties/deals").results
        func pair(_ name: String) -> String? {
            list.first { $0["name"]?.stringValue == name }.map { "\($0["type"]?.stringValue ?? "")/\($0["fieldType"]?.stringValue ?? "")" }
        }
        #expect(pair("dealname") == "string/text" && pair("description") == "string/textarea" && pair("amount") == "number/number")
        #expect(pair("closedate") == "datetime/date" && pair("registration_date") == "date/date" && pair("dealstage") == "enumeration/select")
        #expect(pair("hs_object_id") == "number/number" && pair("hs_is_closed_won") == "bool/booleancheckbox")
        let contacts = try portal.call(.get, "/crm/v3/properties/contacts").results
        #expect(contacts.first { $0["name"] == "certifications" }?["fieldType"] == "checkbox")
        #expect(contacts.first { $0["name"] == "phone" }?["type"] == "phone_number")
        #expect(contacts.first { $0["name"] == "email" }?["hasUniqueValue"] == true)
        let readOnly = try portal.call(.get, "/crm/v3/properties/contacts/lastmodifieddate").json
        #expect(readOnly["modificationMetadata"]?["readOnlyValue"] == true && readOnly["groupName"] == "contactinformation")
        #expect(try portal.call(.get, "/crm/v3/properties/contacts/nope").status == 404)
        #expect(!contacts.contains { $0["name"] == "associatedcompany" }, "reference fields are associations, not properties")
    }

    @Test func customPropertiesOfEveryTypeRoundTrip() throws {
        let portal = try HubSpotTestPortal()
        let cases: [(String, String, JSONValue, String)] = [
            ("string", "text", "hello", "hello"), ("string", "textarea", "two\nlines", "two\nlines"), ("number", "number", 12.5, "12.5"),
            ("date", "date", "2025-03-04", "2025-03-04"), ("datetime", "date", "2025-03-04T05:06:07Z", "2025-03-04T05:06:07.000Z"),
            ("enumeration", "select", "b", "b"), ("enumeration", "radio", "a", "a"), ("enumeration", "checkbox", "a;b", "a;b"),
            ("bool", "booleancheckbox", true, "true"), ("phone_number", "phonenumber", "+1 555 0100", "+1 555 0100"),
        ]
        var properties: [String: JSONValue] = [:]
        for (index, (type, fieldType, value, _)) in cases.enumerated() {
            let name = "custom_\(index)"
            var body: [String: JSONValue] = ["name": .string(name), "label": .string("Custom \(index)"), "type": .string(type), "fieldType": .string(fieldType), "groupName": "companyinformation"]
            if type == "enumeration" { body["options"] = [["label": "A", "value": "a"], ["label": "B", "value": "b"]] }
            let made = try portal.call(.post, "/crm/v3/properties/companies", json: .object(body))
            #expect(made.status == 201, "\(type)/\(fieldType): \(made.text)")
            #expect(made.json["type"]?.stringValue == type && made.json["fieldType"]?.stringValue == fieldType)
            properties[name] = value
        }
        let id = try portal.create("companies", .object(properties))
        let read = try portal.call(.get, "/crm/v3/objects/companies/\(id)?properties=\(properties.keys.sorted().joined(separator: ","))").json["properties"]
        for (index, (_, _, _, expected)) in cases.enumerated() { #expect(read?["custom_\(index)"]?.stringValue == expected, "custom_\(index)") }
        let refused = try portal.call(.post, "/crm/v3/objects/companies", json: ["properties": ["custom_5": "c"]])
        #expect(refused.json["errors"]?.arrayValue?.first?["code"] == "INVALID_OPTION")
        #expect(try portal.call(.post, "/crm/v3/properties/companies", json: ["name": "custom_0", "label": "Again", "type": "string", "fieldType": "text", "groupName": "companyinformation"]).status == 409)
        #expect(try portal.call(.post, "/crm/v3/properties/companies", json: ["name": "odd", "label": "Odd", "type": "number", "fieldType": "select", "groupName": "companyinformation"]).status == 400)
        #expect(try portal.call(.post, "/crm/v3/properties/companies", json: ["name": "Upper", "label": "U", "type": "string", "fieldType": "text", "groupName": "companyinformation"]).status == 400)
        #expect(portal.fake.journal.all.contains { $0.operation == .schema && $0.object == "companies" })
    }

    @Test func propertiesChangeArchiveAndGroup() throws {
        let portal = try HubSpotTestPortal()
        let group = try portal.call(.post, "/crm/v3/properties/deals/groups", json: ["name": "partner_info", "label": "Partner info", "displayOrder": 2])
        #expect(group.status == 201)
        #expect(try portal.call(.get, "/crm/v3/properties/deals/groups").results.compactMap { $0["name"]?.stringValue } == ["dealinformation", "partner_info"])
        let made = try portal.call(.post, "/crm/v3/properties/deals", json: ["name": "partner_rating", "label": "Rating", "type": "enumeration", "fieldType": "radio", "groupName": "partner_info", "options": [["label": "Good", "value": "good"]]])
        #expect(made.json["groupName"] == "partner_info")
        let changed = try portal.call(.patch, "/crm/v3/properties/deals/partner_rating", json: ["label": "Partner rating", "options": [["label": "Good", "value": "good"], ["label": "Bad", "value": "bad"]]])
        #expect(changed.json["label"] == "Partner rating" && changed.json["options"]?.arrayValue?.count == 2 && changed.json["fieldType"] == "radio")
        #expect(try portal.call(.patch, "/crm/v3/properties/deals/dealname", json: ["label": "x"]).status == 400, "HubSpot's own definitions are read-only")
        #expect(try portal.call(.delete, "/crm/v3/properties/deals/partner_rating").status == 204)
        #expect(try portal.call(.get, "/crm/v3/properties/deals/partner_rating").status == 404)
        #expect(try portal.call(.delete, "/crm/v3/properties/deals/amount").status == 400)
        let batch = try portal.call(.post, "/crm/v3/properties/deals/batch/read", json: ["inputs": [["name": "amount"], ["name": "nope"]]])
        #expect(batch.status == 207 && batch.results.count == 1)
        let created = try portal.call(.post, "/crm/v3/properties/deals/batch/create", json: ["inputs": [["name": "b1", "label": "B1", "type": "string", "fieldType": "text", "groupName": "partner_info"]]])
        #expect(created.status == 201)
        #expect(try portal.call(.post, "/crm/v3/properties/deals/batch/archive", json: ["inputs": [["name": "b1"]]]).status == 204)
        #expect(try portal.call(.delete, "/crm/v3/properties/deals/groups/partner_info").status == 204)
    }

    @Test func customObjectSchemas() throws {
        let portal = try HubSpotTestPortal()
        let schema = try portal.call(.post, "/crm/v3/schemas", json: [
            "name": "cars", "labels": ["singular": "Car", "plural": "Cars"], "primaryDisplayProperty": "model", "requiredProperties": ["model"],
            "properties": [["name": "model", "label": "Model", "type": "string", "fieldType": "text"], ["name": "year", "label": "Year", "type": "number", "fieldType": "number"]],
            "associatedObjects": ["CONTACT"],
        ])
        #expect(schema.status == 201, "\(schema.text)")
        let typeID = try #require(schema.json["objectTypeId"]?.stringValue)
        #expect(typeID.hasPrefix("2-") && schema.json["fullyQualifiedName"]?.stringValue == "p\(portal.fake.portalID)_cars")
        let car = try portal.create(typeID, ["model": "Roadster", "year": 2008])
        #expect(try portal.call(.get, "/crm/v3/objects/p\(portal.fake.portalID)_cars/\(car)?properties=model,year").json["properties"]?["year"] == "2008")
        #expect(try portal.call(.post, "/crm/v3/objects/cars", json: ["properties": ["year": 1]]).status == 400, "model is required")
        let linked = try portal.call(.put, "/crm/v4/objects/cars/\(car)/associations/default/contacts/\(portal.id("hank"))")
        #expect(linked.status == 200)
        #expect(try portal.call(.get, "/crm/v3/schemas").results.count == 1)
        #expect(try portal.call(.delete, "/crm/v3/schemas/cars").status == 400, "it still has records")
    }

    @Test func pipelinesAndOwners() throws {
        let portal = try HubSpotTestPortal()
        let pipelines = try portal.call(.get, "/crm/v3/pipelines/deals").results
        #expect(pipelines.map { $0["id"] } == ["default"] && pipelines.first?["label"] == "Sales Pipeline")
        let stages = pipelines.first?["stages"]?.arrayValue ?? []
        #expect(stages.compactMap { $0["id"]?.stringValue }.suffix(2) == ["closedwon", "closedlost"])
        #expect(stages.first { $0["id"] == "closedwon" }?["metadata"] == ["isClosed": "true", "probability": "1"])
        #expect(stages.first { $0["id"] == "qualifiedtobuy" }?["metadata"] == ["isClosed": "false", "probability": "0.4"])
        #expect(try portal.call(.get, "/crm/v3/pipelines/deals/default/stages").results.count == 7)
        #expect(try portal.call(.get, "/crm/v3/pipelines/leads").results.first?["stages"]?.arrayValue?.count == 5)
        #expect(try portal.call(.get, "/crm/v3/pipelines/deals/nope").status == 404)
        let owners = try portal.call(.get, "/crm/v3/owners?limit=2")
        #expect(owners.results.count == 2 && owners.json["paging"]?["next"]?["after"] != nil)
        #expect(owners.results.first?["type"] == "PERSON" && owners.results.first?["email"] == "sam.rep@acme-vendor.example")
        let byEmail = try portal.call(.get, "/crm/v3/owners?email=pat.manager%40acme-vendor.example").results
        #expect(byEmail.count == 1 && byEmail.first?["userId"] == 9100002)
        #expect(try portal.call(.get, "/crm/v3/owners/9100003?idProperty=userid").json["lastName"] == "Channel")
        #expect(try portal.call(.get, "/crm/v3/objects/owners").status == 400, "owners are not a CRM object")
    }
}
