import CRMProjection
import FakeKit
import Foundation
import Testing

@testable import FakeCRM

/// The library's org (Salesforce's vocabulary) projected onto HubSpot
/// (docs/hubspot-projection.md): every field of the bundled `partner-channel`
/// org lands on the property the shared projection names, with its type; its
/// picklists become options under their values' labels; references become
/// associations of the projection's types.
@Suite(.tags(.inMemory)) struct HubSpotOrgProjectionTests {
    static let library = try! OrgDefinition.bundled("partner-channel")
    static let portal = HubSpotOrgProjection.project(library)

    @Test func objectsAndUsersMapByTheTable() {
        #expect(Set(Self.portal.schema.objects.map(\.name)) == ["owners", "companies", "contacts", "deals"])
        #expect(HubSpotOrgProjection.isLibraryOrg(Self.library) && !HubSpotOrgProjection.isLibraryOrg(Self.portal))
        let owners = Self.portal.seed.first { $0.object == "owners" }?.records ?? []
        #expect(owners.count == 3 && owners.allSatisfy { $0.fields["email"]?.stringValue?.contains("@") == true })
    }

    @Test(arguments: HubSpotProjection.objects.sorted(by: { $0.key < $1.key }).map(\.key))
    func everyFieldRoundTripsWithItsType(object: String) throws {
        let source = try #require(Self.library.schema.object(object))
        let target = try #require(Self.portal.schema.object(HubSpotProjection.object(object) ?? ""))
        var projected = 0
        for field in source.fields {
            guard let landed = HubSpotOrgProjection.project(field, of: object) else { continue }
            let property = try #require(target.field(landed.name), "\(object).\(field.name) → \(landed.name)")
            #expect(property.type == field.type, "\(object).\(field.name) keeps its type")
            if field.type == .reference {
                #expect(
                    HubSpotProjection.association(object, field.name) != nil,
                    "only the projection's references stay, as associations")
            } else {
                #expect(
                    HubSpotProjection.field(object, property: property.name, known: [field.name]) == field.name,
                    "\(property.name) reads back as \(field.name)")
            }
            projected += 1
        }
        #expect(projected > 3)
    }

    @Test func picklistsAndStagesBecomeOptions() throws {
        let deals = try #require(Self.portal.schema.object("deals"))
        let stages = try #require(deals.field("dealstage")).picklistValues
        let won = try #require(stages.first { $0.value == "closedwon" })
        #expect(won.label == "Closed Won" && won.isWon == true && won.isClosed == true)
        #expect(stages.contains { $0.value == "negotiationreview" && $0.label == "Negotiation/Review" })
        #expect(deals.field("pipeline")?.picklistValues.map(\.value) == ["default"])
        let tier = try #require(Self.portal.schema.object("companies")?.field("partner_tier"))
        #expect(tier.picklistValues.contains { $0.value == "gold" && $0.label == "Gold" })
        let northwind = Self.portal.seed.first { $0.object == "companies" }?.records.first { $0.ref == "northwind" }
        #expect(northwind?.fields["partner_tier"] == "gold" && northwind?.fields["is_partner"] == true)
        let nina = Self.portal.seed.first { $0.object == "contacts" }?.records.first { $0.ref == "nina" }
        #expect(nina?.fields["certifications"]?.stringValue?.contains(";") == true, "a multi-select keeps its parts")
    }

    @Test func aServedProjectionLinksReferencesByTheProjectionsTypes() throws {
        let fake = try HubSpotFake(org: Self.portal, clock: JournalClock())
        let deal = try #require(fake.seededIDs["opp1"])
        let links = fake.associations.links(from: deal, fromObject: "deals", toObject: "companies") { _ in true }
        #expect(links.map(\.toID) == [fake.seededIDs["globex"]])
        #expect(Set(links.first?.types.map(\.typeID) ?? []) == [341, 5], "a deal's AccountId is its Primary company")
        #expect(fake.store.schema.object("deals")?.field("AccountId") == nil, "a reference is no property")
        #expect(HubSpotDialect().bundledOrgNames.contains("partner-channel"))
        #expect(try HubSpotDialect().bundledOrg("partner-channel").schema.object("deals") != nil)
        #expect(
            try HubSpotDialect().bundledOrg("default").name == "hubspot-default", "HubSpot's own portal keeps its name")
    }
}
