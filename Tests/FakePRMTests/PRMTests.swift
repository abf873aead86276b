import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakePRM

@Suite(.tags(.inMemory)) struct PRMTests {
    @Test func authIsRequiredAndErrorsHaveOneShape() throws {
        let world = try PRMTestWorld()
        var request = HTTPRequest(method: .get, target: "/api/v1/partners")
        let reply = PRMTestWorld.Reply(response: world.prm.handler.respond(to: request))
        #expect(reply.status == 401)
        #expect(reply.json["error"]?["code"] == "unauthorized" && reply.json["error"]?["status"] == 401)
        request.headers["X-API-Key"] = "test-key"
        #expect(PRMTestWorld.Reply(response: world.prm.handler.respond(to: request)).status == 200)
        #expect(world.call(.get, "/api/v1/nothing").code == "not_found")
    }

    @Test func partnersContactsAndCursorPaging() throws {
        let world = try PRMTestWorld()
        let partners = world.call(.get, "/api/v1/partners?limit=2")
        #expect(partners.ids == [world.id("northwind"), world.id("contoso")])
        let next = try #require(partners.json["next_cursor"]?.stringValue)
        let rest = world.call(.get, "/api/v1/partners?limit=2&cursor=\(next)")
        #expect(rest.ids == [world.id("fabrikam")] && rest.json["next_cursor"] == .null)
        #expect(world.call(.get, "/api/v1/partners?status=inactive").ids == [world.id("fabrikam")])
        #expect(world.call(.get, "/api/v1/partners?colour=red").code == "unknown_parameter")
        #expect(world.call(.get, "/api/v1/partners?limit=0").code == "invalid_parameter")
        let contact = world.call(.get, "/api/v1/partner-contacts/\(world.id("nina"))").json
        #expect(contact["certifications"] == ["Sales Fundamentals", "Technical Specialist"])
    }

    @Test func unknownAndReadOnlyFieldsAreRefused() throws {
        let world = try PRMTestWorld()
        let typo = world.call(.post, "/api/v1/leads", ["partnerId": .string(world.id("northwind")), "lastName": "L", "company": "C", "compnay": "x"])
        #expect(typo.status == 400 && typo.code == "unknown_field" && typo.json["error"]?["field"] == "compnay")
        let readOnly = world.call(.post, "/api/v1/deal-registrations", ["partnerId": .string(world.id("northwind")), "customerName": "X", "status": "won"])
        #expect(readOnly.code == "read_only")
        let missing = world.call(.post, "/api/v1/deal-registrations", ["partnerId": .string(world.id("northwind"))])
        #expect(missing.status == 422 && missing.code == "required")
    }

    @Test func registrationStatusMachine() throws {
        let world = try PRMTestWorld()
        let id = try #require(world.register("northwind", customer: "Initech").json["id"]?.stringValue)
        #expect(world.call(.get, "/api/v1/deal-registrations/\(id)").json["status"] == "submitted")
        #expect(world.call(.post, "/api/v1/deal-registrations/\(id)/status", ["status": "won", "confirmedAmount": 1]).code == "invalid_transition")
        #expect(world.call(.post, "/api/v1/deal-registrations/\(id)/status", ["status": "approved"]).json["status"] == "approved")
        #expect(world.call(.post, "/api/v1/deal-registrations/\(id)/status", ["status": "won"]).code == "required")
        #expect(world.call(.post, "/api/v1/deal-registrations/\(id)/status", ["status": "lost"]).json["status"] == "lost")
        #expect(world.call(.post, "/api/v1/deal-registrations/\(id)/status", ["status": "approved"]).code == "invalid_transition")
        #expect(world.call(.post, "/api/v1/deal-registrations/\(id)/status", ["status": "done"]).code == "invalid_choice")
        #expect(world.call(.post, "/api/v1/deal-registrations/\(id)/status", ["status": "lost"], as: "nina").code == "forbidden")
    }

    @Test(arguments: [
        ("Acme Corporation", nil, "ACME Corp.", nil, true),
        ("Globex, Inc.", nil, "globex", nil, true),
        ("Umbrella Holdings", "umbrella.example", "Umbrella Pharma", "https://www.umbrella.example/about", true),
        ("Initech", nil, "Initrode", nil, false),
    ] as [(String, String?, String, String?, Bool)])
    func conflictsAcrossPartners(first: String, firstDomain: String?, second: String, secondDomain: String?, conflict: Bool) throws {
        let world = try PRMTestWorld()
        let original = world.register("northwind", customer: first, domain: firstDomain).json
        #expect(original["conflict"] == false)
        let rival = world.register("contoso", customer: second, domain: secondDomain).json
        #expect(rival["conflict"] == .bool(conflict))
        if conflict {
            #expect(rival["conflictWith"] == original["id"])
            #expect(rival["conflictReason"]?.stringValue?.contains("Northwind Traders") == true)
        }
        // Registering again conflicts only with another partner's registration, never with one's own.
        let again = world.register("northwind", customer: first, domain: firstDomain).json
        #expect(again["conflict"] == .bool(conflict))
        if conflict { #expect(again["conflictWith"] == rival["id"]) }
    }

    @Test func directOpportunitiesTheConnectorReportsAreConflicts() throws {
        let world = try PRMTestWorld()
        _ = world.call(.post, "/api/v1/direct-opportunities", ["customerName": "Stark Industries", "crmOpportunityId": "0068c000000000XAAA"])
        let reply = world.register("contoso", customer: "Stark Industries Inc").json
        #expect(reply["conflict"] == true)
        #expect(reply["conflictReason"]?.stringValue?.contains("0068c000000000XAAA") == true)
    }

    @Test func incentivesAreBookedExactlyOnceAndAdjusted() throws {
        let world = try PRMTestWorld()
        let id = try #require(world.register("northwind", customer: "Hooli").json["id"]?.stringValue)
        _ = world.call(.post, "/api/v1/deal-registrations/\(id)/status", ["status": "approved"])
        let won = world.call(.post, "/api/v1/deal-registrations/\(id)/status", ["status": "won", "confirmedAmount": 100_000])
        #expect(won.json["confirmedAmount"] == 100_000.0 || won.json["confirmedAmount"] == 100_000)
        var incentives = world.call(.get, "/api/v1/incentives?registrationId=\(id)").json["data"]?.arrayValue ?? []
        // Northwind is Gold: 10 % commission, 2 % rebate.
        #expect(incentives.map { $0["kind"]?.stringValue ?? "" } == ["commission", "rebate"])
        #expect(incentives.map { $0["amount"]?.doubleValue ?? 0 } == [10_000, 2_000])
        // A retried sync reports the same amount: nothing more is booked.
        _ = world.call(.post, "/api/v1/deal-registrations/\(id)/status", ["status": "won", "confirmedAmount": 100_000])
        #expect(world.call(.get, "/api/v1/incentives?registrationId=\(id)").ids.count == 2)
        // A corrected amount books the difference.
        _ = world.call(.post, "/api/v1/deal-registrations/\(id)/status", ["status": "won", "confirmedAmount": 120_000])
        incentives = world.call(.get, "/api/v1/incentives?registrationId=\(id)").json["data"]?.arrayValue ?? []
        #expect(incentives.count == 4)
        #expect(incentives.suffix(2).map { $0["entry"]?.stringValue ?? "" } == ["adjustment", "adjustment"])
        #expect(incentives.suffix(2).map { $0["amount"]?.doubleValue ?? 0 } == [2_000, 400])
        #expect(world.call(.get, "/api/v1/partners/\(world.id("northwind"))").json["qualificationRevenue"]?.doubleValue == 120_000)
        #expect(world.prm.journal.all.filter { $0.object == "Incentive" }.allSatisfy { $0.actor == "prm" })
    }

    @Test func tiersFollowRevenueAndCertifications() throws {
        let world = try PRMTestWorld()
        // Contoso (Silver, Sales Fundamentals only) passes Gold's threshold but lacks Technical Specialist.
        let id = try #require(world.register("contoso", customer: "Massive Dynamic").json["id"]?.stringValue)
        _ = world.call(.post, "/api/v1/deal-registrations/\(id)/status", ["status": "approved"])
        _ = world.call(.post, "/api/v1/deal-registrations/\(id)/status", ["status": "won", "confirmedAmount": 600_000])
        #expect(world.call(.get, "/api/v1/partners/\(world.id("contoso"))").json["tier"] == "Silver")
        #expect(world.call(.get, "/api/v1/partners/\(world.id("contoso"))").json["certifications"] == ["Sales Fundamentals"])
        _ = world.call(.patch, "/api/v1/partner-contacts/\(world.id("clara"))", ["certifications": ["Sales Fundamentals", "Technical Specialist"]])
        let partner = world.call(.get, "/api/v1/partners/\(world.id("contoso"))").json
        #expect(partner["tier"] == "Gold")
        #expect(partner["certifications"] == ["Sales Fundamentals", "Technical Specialist"])
        #expect(world.call(.patch, "/api/v1/partners/\(world.id("contoso"))", ["certifications": ["x"]]).code == "read_only")
    }

    @Test func partnerUsersSeeOnlyTheirOwnPartner() throws {
        let world = try PRMTestWorld()
        let mine = try #require(world.register("northwind", customer: "Pied Piper").json["id"]?.stringValue)
        let theirs = try #require(world.register("contoso", customer: "Aviato").json["id"]?.stringValue)
        let lead = try #require(world.call(.post, "/api/v1/leads", ["partnerId": .string(world.id("contoso")), "lastName": "Bachman", "company": "Aviato"]).json["id"]?.stringValue)
        let mdf = try #require(world.call(.post, "/api/v1/mdf-requests", ["partnerId": .string(world.id("contoso")), "activity": "Webinar", "amount": 5000]).json["id"]?.stringValue)
        for resource in PRMResource.all where resource.partnerField != nil {
            let listed = world.call(.get, "/api/v1/\(resource.path)", as: "nina")
            #expect(listed.status == 200, "\(resource.path)")
            for row in listed.json["data"]?.arrayValue ?? [] {
                let owner = resource.partnerField == "id" ? row["id"] : row[resource.partnerField!]
                #expect(owner == .string(world.id("northwind")), "\(resource.path) leaks another partner's record")
            }
        }
        #expect(world.call(.get, "/api/v1/deal-registrations/\(mine)", as: "nina").status == 200)
        for path in ["deal-registrations/\(theirs)", "leads/\(lead)", "mdf-requests/\(mdf)", "partners/\(world.id("contoso"))", "partner-contacts/\(world.id("clara"))"] {
            #expect(world.call(.get, "/api/v1/\(path)", as: "nina").status == 404, "\(path)")
        }
        #expect(world.call(.get, "/api/v1/direct-opportunities", as: "nina").ids.isEmpty)
        #expect(world.call(.get, "/api/v1/changes", as: "nina").code == "forbidden")
        // A partner user registers for its own partner, whatever it asks.
        let own = world.register("ignored", customer: "Raviga", as: "nina").json
        #expect(own["partnerId"] == .string(world.id("northwind")))
        let spoof = world.call(.post, "/api/v1/deal-registrations", ["customerName": "X", "partnerId": .string(world.id("contoso"))], as: "nina")
        #expect(spoof.code == "forbidden")
        #expect(world.prm.journal.all.last?.actor == "partner-user:\(world.id("nina"))")
    }

    @Test func mdfLifecycle() throws {
        let world = try PRMTestWorld()
        let id = try #require(world.call(.post, "/api/v1/mdf-requests", ["activity": "Trade show", "amount": 8000], as: "nina").json["id"]?.stringValue)
        #expect(world.call(.post, "/api/v1/mdf-requests/\(id)/status", ["status": "approved"], as: "nina").code == "forbidden")
        #expect(world.call(.post, "/api/v1/mdf-requests/\(id)/status", ["status": "paid"]).code == "invalid_transition")
        #expect(world.call(.post, "/api/v1/mdf-requests/\(id)/status", ["status": "approved"]).json["status"] == "approved")
        #expect(world.call(.post, "/api/v1/mdf-requests/\(id)/status", ["status": "claimed", "claimedAmount": 9000], as: "nina").code == "invalid_value")
        #expect(world.call(.post, "/api/v1/mdf-requests/\(id)/status", ["status": "claimed", "claimedAmount": 7500], as: "nina").json["status"] == "claimed")
        #expect(world.call(.post, "/api/v1/mdf-requests/\(id)/status", ["status": "paid"]).json["status"] == "paid")
    }

    @Test func changeFeedFollowsTheJournal() throws {
        let world = try PRMTestWorld()
        let start = world.call(.get, "/api/v1/changes?limit=1000").json["next_since"]?.intValue ?? -1
        let id = world.register("northwind", customer: "Vehement Capital").json["id"]
        let feed = world.call(.get, "/api/v1/changes?since=\(start)").json
        #expect(feed["data"]?.arrayValue?.map { $0["id"] } == [id])
        #expect(feed["data"]?.arrayValue?.first?["actor"] == "api-key:connector")
        #expect(feed["next_since"]?.intValue == start + 1)
    }

    @Test func programFilesAreStrictJSONWithLineAndColumn() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("program-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("{\"format\": \"sync-verifier/program@1\",\n  /* tiers follow */\n  \"tiers\": []}".utf8).write(to: file)
        let error = try #require(throws: JSONFileError.self) { try Program.load(file: file) }
        #expect(error.description == "\(file.path):2:3: comments are not allowed in JSON")
    }
}
