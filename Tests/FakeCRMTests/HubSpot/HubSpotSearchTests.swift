import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// Search: every operator, sorts, `query`, paging and HubSpot's caps.
@Suite(.tags(.socket)) struct HubSpotSearchTests {
    /// Five companies with numbers, dates and text to filter on, besides the three seeded ones.
    static func portal(clock: JournalClock = JournalClock()) throws -> (HubSpotTestPortal, [String]) {
        let portal = try HubSpotTestPortal(clock: clock)
        var ids: [String] = []
        for (index, name) in ["Alpha Widgets", "Beta Gadgets", "Gamma Widgets Co", "Delta", "Epsilon Tools"].enumerated() {
            var properties: [String: JSONValue] = ["name": .string(name), "numberofemployees": .int((index + 1) * 10), "partner_since": .string("2024-0\(index + 1)-01")]
            if index != 3 { properties["city"] = .string(index % 2 == 0 ? "Springfield" : "Shelbyville") }
            ids.append(try portal.create("companies", .object(properties)))
        }
        return (portal, ids)
    }

    static func names(_ reply: HubSpotTestPortal.Reply) -> [String] { reply.results.compactMap { $0["properties"]?["name"]?.stringValue } }

    static func filter(_ property: String, _ op: String, value: JSONValue? = nil, high: JSONValue? = nil, values: [JSONValue]? = nil) -> JSONValue {
        var filter: [String: JSONValue] = ["propertyName": .string(property), "operator": .string(op)]
        if let value { filter["value"] = value }
        if let high { filter["highValue"] = high }
        if let values { filter["values"] = .array(values) }
        return ["filterGroups": [["filters": [.object(filter)]]], "properties": ["name"], "limit": 100]
    }

    @Test(arguments: [
        ("EQ", filter("city", "EQ", value: "springfield"), ["Alpha Widgets", "Gamma Widgets Co", "Epsilon Tools", "Globex Partners"]),
        ("NEQ", filter("city", "NEQ", value: "Springfield"), ["Beta Gadgets", "Delta", "Initech Resellers", "Umbrella Manufacturing"]),
        ("LT", filter("numberofemployees", "LT", value: "30"), ["Alpha Widgets", "Beta Gadgets"]),
        ("LTE", filter("numberofemployees", "LTE", value: "30"), ["Alpha Widgets", "Beta Gadgets", "Gamma Widgets Co"]),
        ("GT", filter("numberofemployees", "GT", value: "40"), ["Epsilon Tools", "Globex Partners"]),
        ("GTE", filter("numberofemployees", "GTE", value: "40"), ["Delta", "Epsilon Tools", "Globex Partners"]),
        ("BETWEEN", filter("partner_since", "BETWEEN", value: "2024-02-01", high: "2024-04-01"), ["Beta Gadgets", "Gamma Widgets Co", "Delta"]),
        ("IN", filter("city", "IN", values: ["shelbyville", "austin"]), ["Beta Gadgets", "Initech Resellers"]),
        ("NOT_IN", filter("city", "NOT_IN", values: ["springfield", "shelbyville"]), ["Delta", "Initech Resellers", "Umbrella Manufacturing"]),
        ("HAS_PROPERTY", filter("numberofemployees", "HAS_PROPERTY"), ["Alpha Widgets", "Beta Gadgets", "Gamma Widgets Co", "Delta", "Epsilon Tools", "Globex Partners"]),
        ("NOT_HAS_PROPERTY", filter("city", "NOT_HAS_PROPERTY"), ["Delta", "Umbrella Manufacturing"]),
        ("CONTAINS_TOKEN", filter("name", "CONTAINS_TOKEN", value: "widgets"), ["Alpha Widgets", "Gamma Widgets Co"]),
        ("CONTAINS_TOKEN*", filter("name", "CONTAINS_TOKEN", value: "*adget*"), ["Beta Gadgets"]),
        ("NOT_CONTAINS_TOKEN", filter("name", "NOT_CONTAINS_TOKEN", value: "widgets"), ["Beta Gadgets", "Delta", "Epsilon Tools", "Globex Partners", "Initech Resellers", "Umbrella Manufacturing"]),
    ])
    func everyOperator(label: String, body: JSONValue, expected: [String]) throws {
        let (portal, _) = try Self.portal()
        let reply = try portal.search("companies", body)
        #expect(reply.status == 200, "\(label): \(reply.text)")
        #expect(Set(Self.names(reply)) == Set(expected), "\(label)")
        #expect(reply.json["total"]?.intValue == expected.count, "\(label)")
    }

    @Test func datesCompareAsEpochMillisecondsOrISO() throws {
        let (portal, _) = try Self.portal()
        let millis = try portal.search("companies", Self.filter("partner_since", "GTE", value: "1709251200000"))
        #expect(Set(Self.names(millis)) == ["Gamma Widgets Co", "Delta", "Epsilon Tools"])
        let modified = try portal.search("companies", Self.filter("hs_lastmodifieddate", "GT", value: "2000-01-01T00:00:00Z"))
        #expect(modified.json["total"]?.intValue == 8)
    }

    @Test func equalityOnAUniquePropertyUsesTheIndexAndStillChecksTheRest() throws {
        let (portal, _) = try Self.portal()
        let byEmail = try portal.search("contacts", Self.filter("email", "EQ", value: "HANK@globex.example"))
        #expect(byEmail.json["total"] == 1 && byEmail.results.first?["id"]?.stringValue == portal.id("hank"))
        let body: JSONValue = ["filterGroups": [
            ["filters": [["propertyName": "prm_partner_id", "operator": "EQ", "value": "prm-globex"], ["propertyName": "city", "operator": "EQ", "value": "Austin"]]],
            ["filters": [["propertyName": "prm_partner_id", "operator": "EQ", "value": "prm-initech"]]],
        ], "properties": ["name"]]
        #expect(Self.names(try portal.search("companies", body)) == ["Initech Resellers"])
    }

    @Test func groupsAreOredAndFiltersAnded() throws {
        let (portal, _) = try Self.portal()
        let body: JSONValue = [
            "filterGroups": [
                ["filters": [["propertyName": "city", "operator": "EQ", "value": "Springfield"], ["propertyName": "numberofemployees", "operator": "LT", "value": "40"]]],
                ["filters": [["propertyName": "name", "operator": "EQ", "value": "Delta"]]],
            ],
            "properties": ["name"],
        ]
        #expect(Set(Self.names(try portal.search("companies", body))) == ["Alpha Widgets", "Gamma Widgets Co", "Delta"])
    }

    @Test func sortsQueryAndPaging() throws {
        // Search allows five requests a second: this test makes more, so it paces them on a clock of its own.
        let clock = JournalClock(manualStart: Date(timeIntervalSince1970: 1_800_000_000))
        let (portal, _) = try Self.portal(clock: clock)
        let pace = { clock.advance(by: 0.25) }
        pace()
        let descending = try portal.search("companies", ["sorts": [["propertyName": "numberofemployees", "direction": "DESCENDING"]], "properties": ["name"], "limit": 3])
        #expect(Self.names(descending) == ["Globex Partners", "Epsilon Tools", "Delta"])
        #expect(descending.json["total"] == 8 && descending.json["paging"]?["next"]?["after"] == "3")
        pace()
        let next = try portal.search("companies", ["sorts": [["propertyName": "numberofemployees", "direction": "DESCENDING"]], "properties": ["name"], "limit": 3, "after": "3"])
        #expect(Self.names(next) == ["Gamma Widgets Co", "Beta Gadgets", "Alpha Widgets"])
        pace()
        let ascending = try portal.search("companies", ["sorts": ["name"], "properties": ["name"], "limit": 2])
        #expect(Self.names(ascending) == ["Alpha Widgets", "Beta Gadgets"])
        pace()
        let query = try portal.search("companies", ["query": "widg", "properties": ["name"]])
        #expect(Set(Self.names(query)) == ["Alpha Widgets", "Gamma Widgets Co"])
        pace()
        let last = try portal.search("companies", ["properties": ["name"], "limit": 5, "after": "5"])
        #expect(last.results.count == 3 && last.json["paging"] == nil)
        pace()
        #expect(try portal.call(.post, "/crm/objects/2026-03/companies/search", json: ["query": "delta"]).json["total"] == 1)
    }

    static func repeated(_ count: Int, _ item: JSONValue) -> JSONValue { .array(Array(repeating: item, count: count)) }

    static let hasName: JSONValue = ["propertyName": "name", "operator": "HAS_PROPERTY"]

    static let overTheCaps: [(String, JSONValue)] = [
        ("groups", ["filterGroups": repeated(6, ["filters": [hasName]])]),
        ("filters in a group", ["filterGroups": [["filters": repeated(7, hasName)]]]),
        ("filters in all", ["filterGroups": repeated(5, ["filters": repeated(4, hasName)])]),
        ("limit", ["limit": 201]),
        ("two sorts", ["sorts": ["name", "city"]]),
        ("operator", ["filterGroups": [["filters": [["propertyName": "name", "operator": "LIKE", "value": "x"]]]]]),
        ("property", ["filterGroups": [["filters": [["propertyName": "nope", "operator": "EQ", "value": "x"]]]]]),
        ("window", ["after": "10000"]),
    ]

    @Test(arguments: overTheCaps)
    func capsAnswerValidationErrors(label: String, body: JSONValue) throws {
        let portal = try HubSpotTestPortal()
        let reply = try portal.search("companies", body)
        #expect(reply.status == 400 && reply.category == "VALIDATION_ERROR", "\(label): \(reply.text)")
    }

    @Test func theTenThousandResultWindow() throws {
        let portal = try HubSpotTestPortal()
        let rows = (0..<10_050).map { ["name": JSONValue.string("Bulk \($0)")] }
        try portal.fake.store.bulkLoad("companies", rows, actor: "harness")
        let edge = try portal.search("companies", ["limit": 200, "after": "9800", "properties": ["name"]])
        #expect(edge.status == 200 && edge.results.count == 200 && edge.json["total"] == 10_053)
        #expect(edge.json["paging"]?["next"]?["after"] == "10000", "HubSpot still offers the next page")
        let beyond = try portal.search("companies", ["limit": 200, "after": "10000"])
        #expect(beyond.status == 400 && beyond.category == "VALIDATION_ERROR")
        let partial = try portal.search("companies", ["limit": 200, "after": "9900"])
        #expect(partial.results.count == 100, "no result past the 10,000th")
    }
}
