import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// Objects CRUD, list paging and reads, through a real server on loopback.
@Suite(.tags(.socket)) struct HubSpotObjectsTests {
    @Test(arguments: ["companies", "contacts", "deals", "line_items", "leads"])
    func crudKeepsHubSpotsShapes(object: String) throws {
        let portal = try HubSpotTestPortal()
        let properties: JSONValue =
            switch object {
            case "companies": ["name": "Stark Industries", "domain": "stark.example", "numberofemployees": "5000"]
            case "contacts": ["email": "tony@stark.example", "firstname": "Tony", "lastname": "Stark"]
            case "deals": ["dealname": "Stark - Armor", "amount": 1500.5, "dealstage": "qualifiedtobuy", "pipeline": "default", "closedate": "1767225600000"]
            case "line_items": ["name": "Armor", "price": "99.95", "quantity": 2]
            default: ["hs_lead_name": "Pepper"]
            }
        let created = try portal.call(.post, "/crm/v3/objects/\(object)", json: ["properties": properties])
        #expect(created.status == 201)
        let id = try #require(created.json["id"]?.stringValue)
        #expect(Int(id) != nil, "HubSpot ids are numbers")
        #expect(created.json["archived"] == false)
        #expect(created.json["properties"]?["hs_object_id"]?.stringValue == id)
        #expect(created.json["createdAt"]?.stringValue?.hasSuffix("Z") == true)
        for (name, value) in properties.objectValue ?? [:] where name != "closedate" {
            let expected = value.stringValue ?? HubSpotValues.output(value, for: nil).stringValue
            #expect(created.json["properties"]?[name]?.stringValue == expected, "\(name) comes back as a string")
        }
        let read = try portal.call(.get, "/crm/v3/objects/\(object)/\(id)?properties=\((properties.objectValue ?? [:]).keys.sorted().joined(separator: ","))")
        #expect(read.status == 200)
        #expect(read.json["id"]?.stringValue == id)
        let name = (properties.objectValue ?? [:]).keys.sorted().first ?? ""
        let updated = try portal.call(.patch, "/crm/v3/objects/\(object)/\(id)", json: ["properties": [name: "42"]])
        #expect(updated.status == 200 || updated.category == "VALIDATION_ERROR")
        #expect(try portal.call(.delete, "/crm/v3/objects/\(object)/\(id)").status == 204)
        let gone = try portal.call(.get, "/crm/v3/objects/\(object)/\(id)")
        #expect(gone.status == 404 && gone.category == "OBJECT_NOT_FOUND")
        #expect(gone.json["context"]?["id"] == [.string(id)])
        let archived = try portal.call(.get, "/crm/v3/objects/\(object)/\(id)?archived=true")
        #expect(archived.json["archived"] == true && archived.json["archivedAt"] != nil)
        #expect(try portal.call(.delete, "/crm/v3/objects/\(object)/\(id)").status == 204, "archiving again is still 204")
    }

    @Test func valuesTravelAsHubSpotWritesThem() throws {
        let portal = try HubSpotTestPortal()
        let id = try portal.create("deals", ["dealname": "Dated", "closedate": "1767225600000", "amount": "1000", "dealstage": "closedwon"])
        let deal = try portal.call(.get, "/crm/v3/objects/deals/\(id)?properties=closedate,amount,hs_is_closed_won,hs_is_closed,hs_deal_stage_probability").json["properties"]
        #expect(deal?["closedate"] == "2026-01-01T00:00:00.000Z", "epoch milliseconds in, ISO out")
        #expect(deal?["amount"] == "1000")
        #expect(deal?["hs_is_closed_won"] == "true" && deal?["hs_is_closed"] == "true" && deal?["hs_deal_stage_probability"] == "1")
        let company = try portal.create("companies", ["name": "Dates", "partner_since": "2024-02-29", "is_partner": true])
        let read = try portal.call(.get, "/crm/v3/objects/companies/\(company)?properties=partner_since,is_partner,phone").json["properties"]
        #expect(read?["partner_since"] == "2024-02-29" && read?["is_partner"] == "true")
        #expect(read?["phone"] == .null, "asked and unset: null")
        let cleared = try portal.call(.patch, "/crm/v3/objects/companies/\(company)", json: ["properties": ["partner_since": ""]])
        #expect(cleared.json["properties"]?["partner_since"] == .null, "an empty string clears")
        let contact = try portal.create("contacts", ["email": "multi@x.example", "certifications": "sales;support"])
        #expect(try portal.call(.get, "/crm/v3/objects/contacts/\(contact)?properties=certifications").json["properties"]?["certifications"] == "sales;support")
    }

    @Test func validationErrorsListEveryBadProperty() throws {
        let portal = try HubSpotTestPortal()
        let reply = try portal.call(.post, "/crm/v3/objects/contacts", json: ["properties": ["nope": "x", "hs_object_id": "1", "lifecyclestage": "royalty", "email": "not-an-email"]])
        #expect(reply.status == 400 && reply.category == "VALIDATION_ERROR")
        #expect(reply.json["status"] == "error" && reply.json["correlationId"]?.stringValue?.count == 36)
        let codes = (reply.json["errors"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }
        #expect(Set(codes) == ["PROPERTY_DOESNT_EXIST", "READ_ONLY_VALUE", "INVALID_OPTION", "INVALID_EMAIL"])
        #expect(reply.message?.hasPrefix("Property values were not valid: [{\"isValid\":false,") == true)
        let number = try portal.call(.post, "/crm/v3/objects/deals", json: ["properties": ["amount": "lots"]])
        #expect((number.json["errors"]?.arrayValue?.first?["code"]) == "INVALID_DECIMAL")
        #expect(try portal.call(.post, "/crm/v3/objects/unicorns", json: ["properties": [:]]).message == "Unable to infer object type from: unicorns")
        let broken = try portal.call(.post, "/crm/v3/objects/contacts", json: nil)
        #expect(broken.status == 400 && broken.message?.hasPrefix("Invalid input JSON") == true)
    }

    @Test func aUniqueValueConflicts() throws {
        let portal = try HubSpotTestPortal()
        let existing = portal.id("hank")
        let duplicate = try portal.call(.post, "/crm/v3/objects/contacts", json: ["properties": ["email": "hank@globex.example"]])
        #expect(duplicate.status == 409 && duplicate.category == "CONFLICT")
        #expect(duplicate.message == "Contact already exists. Existing ID: \(existing)")
        let company = try portal.call(.post, "/crm/v3/objects/companies", json: ["properties": ["name": "Copy", "prm_partner_id": "prm-globex"]])
        #expect(company.status == 409 && company.json["context"]?["existingObjectId"] == [.string(portal.id("globex"))])
    }

    @Test func listPagesWithLimitAndAfter() throws {
        let portal = try HubSpotTestPortal()
        for i in 0..<120 { try portal.create("companies", ["name": .string("Company \(i)")]) }
        var after: String?
        var seen: [String] = []
        var pages = 0
        repeat {
            let page = try portal.call(.get, "/crm/v3/objects/companies?limit=100&properties=name" + (after.map { "&after=\($0)" } ?? ""))
            #expect(page.status == 200)
            seen += page.results.compactMap { $0["id"]?.stringValue }
            after = page.json["paging"]?["next"]?["after"]?.stringValue
            if after != nil { #expect(page.json["paging"]?["next"]?["link"]?.stringValue?.contains("after=") == true) }
            pages += 1
        } while after != nil
        #expect(pages == 2 && seen.count == 123 && Set(seen).count == 123)
        #expect(try portal.call(.get, "/crm/v3/objects/companies?limit=500").results.count == 100, "limit is capped at 100")
        #expect(try portal.call(.get, "/crm/v3/objects/companies").results.count == 10, "10 by default")
    }

    @Test func readsTakePropertiesInEveryFormHubSpotAccepts() throws {
        let portal = try HubSpotTestPortal()
        let id = portal.id("hank")
        let repeated = try portal.call(.get, "/crm/v3/objects/contacts/\(id)?properties=firstname&properties=jobtitle").json["properties"]?.objectValue ?? [:]
        let joined = try portal.call(.get, "/crm/v3/objects/contact/\(id)?properties=firstname,jobtitle").json["properties"]?.objectValue ?? [:]
        let byTypeID = try portal.call(.get, "/crm/v3/objects/0-1/\(id)?properties=firstname,jobtitle").json["properties"]?.objectValue ?? [:]
        #expect(repeated == joined && joined == byTypeID)
        #expect(Set(repeated.keys) == ["firstname", "jobtitle", "createdate", "hs_object_id", "lastmodifieddate"])
        let defaults = try portal.call(.get, "/crm/v3/objects/contacts/\(id)").json["properties"]?.objectValue ?? [:]
        #expect(Set(defaults.keys) == ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"])
        let byEmail = try portal.call(.get, "/crm/v3/objects/contacts/hank%40globex.example?idProperty=email")
        #expect(byEmail.json["id"]?.stringValue == id)
        let notUnique = try portal.call(.get, "/crm/v3/objects/contacts/Hank?idProperty=firstname")
        #expect(notUnique.status == 400)
        let dated = try portal.call(.get, "/crm/objects/2026-03/contacts/\(id)?properties=email")
        #expect(dated.status == 200 && dated.json["properties"]?["email"] == "hank@globex.example")
        #expect(try portal.call(.get, "/crm/objects/2031-01/contacts/\(id)").status == 404, "a date version not served")
    }

    @Test func historyAndAssociationsOnARead() throws {
        let portal = try HubSpotTestPortal()
        let id = portal.id("hank")
        try portal.call(.patch, "/crm/v3/objects/contacts/\(id)", json: ["properties": ["jobtitle": "VP Partnerships"]])
        let read = try portal.call(.get, "/crm/v3/objects/contacts/\(id)?propertiesWithHistory=jobtitle&associations=companies")
        let history = read.json["propertiesWithHistory"]?["jobtitle"]?.arrayValue ?? []
        #expect(history.map { $0["value"] } == ["VP Partnerships", "Partner Manager"], "newest first")
        #expect(history.map { $0["sourceType"] } == ["API", "IMPORT"])
        #expect(history.first?["sourceId"] == "test-app")
        let companies = read.json["associations"]?["companies"]?["results"]?.arrayValue ?? []
        #expect(Set(companies.compactMap { $0["type"]?.stringValue }) == ["contact_to_company", "contact_to_company_unlabeled"])
        #expect(companies.allSatisfy { $0["id"]?.stringValue == portal.id("globex") })
    }

    @Test func systemPropertiesFollowTheRecord() throws {
        let clock = JournalClock(manualStart: Date(timeIntervalSince1970: 1_800_000_000))
        let portal = try HubSpotTestPortal(clock: clock)
        let id = try portal.create("contacts", ["email": "time@x.example"])
        clock.advance(by: 60)
        let updated = try portal.call(.patch, "/crm/v3/objects/contacts/\(id)", json: ["properties": ["firstname": "Later"]]).json["properties"]
        #expect(updated?["createdate"] == "2027-01-15T08:00:00.000Z")
        #expect(updated?["lastmodifieddate"] == "2027-01-15T08:01:00.000Z")
        let refused = try portal.call(.patch, "/crm/v3/objects/contacts/\(id)", json: ["properties": ["lastmodifieddate": "1"]])
        #expect(refused.json["errors"]?.arrayValue?.first?["code"] == "READ_ONLY_VALUE")
    }
}
