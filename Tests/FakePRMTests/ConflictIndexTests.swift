import FakeKit
import Foundation
import Testing

@testable import FakePRM

/// The conflict check looks registrations up by customer instead of scanning
/// them all, so the index must follow every way a registration changes.
@Suite(.tags(.inMemory)) struct ConflictIndexTests {
    @Test func aRenamedCustomerConflictsUnderItsNewNameOnly() throws {
        let world = try PRMTestWorld()
        let original = world.register("northwind", customer: "Initech").json
        let id = try #require(original["id"]?.stringValue)
        _ = try world.prm.store.update(id: id, ["customerName": "Globex Corporation"], actor: "api-key:staff", channel: "ui")
        #expect(world.register("contoso", customer: "Initech LLC").json["conflict"] == false)
        #expect(world.register("contoso", customer: "Globex").json["conflictWith"] == original["id"])
    }

    @Test func registrationsLoadedInBulkAreFoundToo() throws {
        let world = try PRMTestWorld()
        let rows: [[String: JSONValue]] = (0..<2000).map { index in
            ["partnerId": .string(world.id("northwind")), "customerName": .string("Bulk Customer \(index)"), "status": "approved"]
        }
        _ = try world.prm.store.bulkLoad("DealRegistration", rows, actor: "harness")
        let rival = world.register("contoso", customer: "bulk customer 1999, inc.").json
        #expect(rival["conflict"] == true)
        #expect(rival["conflictReason"]?.stringValue?.contains("Northwind Traders") == true)
        #expect(world.register("contoso", customer: "Bulk Customer 2000").json["conflict"] == false)
    }

    @Test func aDeletedRegistrationNoLongerConflicts() throws {
        let world = try PRMTestWorld()
        let original = world.register("northwind", customer: "Umbrella", domain: "umbrella.example").json
        _ = try world.prm.store.delete(id: try #require(original["id"]?.stringValue), actor: "api-key:staff", channel: "ui")
        #expect(world.register("contoso", customer: "Umbrella Pharma", domain: "www.umbrella.example").json["conflict"] == false)
    }
}
