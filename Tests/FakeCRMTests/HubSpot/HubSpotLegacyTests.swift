import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// The v1/v2 shapes open-source connectors still call.
@Suite(.tags(.socket)) struct HubSpotLegacyTests {
    @Test func propertiesV2() throws {
        let portal = try HubSpotTestPortal()
        let list = try portal.call(.get, "/properties/v2/companies/properties").json.arrayValue ?? []
        let tier = try #require(list.first { $0["name"] == "partner_tier" })
        #expect(tier["type"] == "enumeration" && tier["fieldType"] == "select" && tier["options"]?.arrayValue?.count == 4)
        #expect(tier["createdAt"]?.intValue != nil, "epoch milliseconds")
        #expect(try portal.call(.get, "/properties/v1/contacts/properties").json.arrayValue?.contains { $0["name"] == "email" } == true)
    }

    @Test func companiesV2PagedWithOffset() throws {
        let portal = try HubSpotTestPortal()
        let first = try portal.call(.get, "/companies/v2/companies/paged?properties=name&properties=partner_since&limit=2")
        let companies = first.json["companies"]?.arrayValue ?? []
        #expect(companies.count == 2 && first.json["has-more"] == true)
        #expect(companies.first?["properties"]?["name"]?["value"] == "Globex Partners")
        #expect(companies.first?["properties"]?["partner_since"]?["value"] == "1680307200000", "dates as epoch milliseconds")
        #expect(companies.first?["properties"]?["name"]?["versions"]?.arrayValue?.count == 1)
        let offset = try #require(first.json["offset"]?.intValue)
        let rest = try portal.call(.get, "/companies/v2/companies/paged?properties=name&limit=2&offset=\(offset)")
        #expect(rest.json["companies"]?.arrayValue?.count == 1 && rest.json["has-more"] == false)
    }

    @Test func dealsV1AndContactsV1() throws {
        let portal = try HubSpotTestPortal()
        let deals = try portal.call(.get, "/deals/v1/deal/paged?properties=dealname&properties=amount&includeAssociations=true&limit=250")
        let first = deals.json["deals"]?.arrayValue?.first
        #expect(first?["dealId"]?.intValue == Int(portal.id("umbrella_deal")) && deals.json["hasMore"] == false)
        #expect(first?["associations"]?["associatedCompanyIds"] == [.int(Int(portal.id("umbrella")) ?? 0)])
        #expect(first?["properties"]?["amount"]?["value"] == "120000")
        let contacts = try portal.call(.get, "/contacts/v1/lists/all/contacts/all?count=3&property=email")
        #expect(contacts.json["contacts"]?.arrayValue?.count == 3 && contacts.json["has-more"] == true)
        #expect(contacts.json["contacts"]?.arrayValue?.first?["properties"]?["email"]?["value"] == "hank@globex.example")
        let next = try portal.call(.get, "/contacts/v1/lists/all/contacts/all?count=3&vidOffset=\(contacts.json["vid-offset"]?.intValue ?? 0)")
        #expect(next.json["contacts"]?.arrayValue?.count == 1)
    }
}
