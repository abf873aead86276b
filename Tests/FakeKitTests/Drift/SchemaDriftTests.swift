import Foundation
import Testing

@testable import FakeKit

@Suite(.tags(.inMemory)) struct SchemaDriftTests {
    struct Hooks: DriftHooks {}

    static func world() throws -> (RecordStore, [String]) {
        let journal = Journal(system: "crm", clock: JournalClock(manualStart: Date(timeIntervalSince1970: 1_700_000_000)))
        let store = RecordStore(system: "crm", schema: RecordStoreTests.schema(), journal: journal, ids: SequentialIDGenerator())
        let ids = try ["Acme", "Globex"].map { try store.create("Account", ["Name": .string($0), "Rating": "Hot", "Revenue": 10], actor: "seed", channel: "seed").id }
        return (store, ids)
    }

    static func drift(_ json: String) throws -> DriftFault {
        guard case .drift(let drift) = try JSONDecoder().decode(FaultSpec.self, from: Data(json.utf8)) else { throw FaultError("not a drift") }
        return drift
    }

    @Test func driftValuesDecodeStrictlyPerChange() throws {
        #expect(
            try Self.drift(#"{"type":"drift","change":"renameField","object":"Account","field":"Rating","newName":"Temperature__c"}"#)
                == .renameField(object: "Account", field: "Rating", newName: "Temperature__c"))
        #expect(
            try Self.drift(#"{"type":"drift","change":"addField","object":"Account","field":{"name":"Tier__c","type":"string","length":10},"backfill":"Gold"}"#)
                == .addField(object: "Account", field: FieldDefinition(name: "Tier__c", type: .string, length: 10), backfill: "Gold"))
        #expect(
            try Self.drift(#"{"type":"drift","change":"addPicklistValue","object":"Account","field":"Rating","value":"Warm"}"#)
                == .addPicklistValue(object: "Account", field: "Rating", value: PicklistValue("Warm")))
        #expect(
            try Self.drift(#"{"type":"drift","change":"addRecordType","object":"Account","recordType":{"developerName":"Partner"}}"#)
                == .addRecordType(object: "Account", recordType: RecordTypeDefinition(id: "", developerName: "Partner")))
        for bad in [
            #"{"type":"drift","change":"explode","object":"Account"}"#,
            #"{"type":"drift","change":"renameField","object":"Account","field":"Rating"}"#,
            #"{"type":"drift","change":"deleteField","object":"Account","field":"Rating","backfill":1}"#,
            #"{"type":"drift","change":"addField","object":"Account","field":{"name":"X__c","type":"string","lenght":5}}"#,
            #"{"type":"drift","change":"addField","object":"Account","field":{"name":"X__c","type":"strong"}}"#,
            #"{"type":"drift","change":"addObject","definition":{"name":"Y__c","keyPrefix":"a09","fields":[{"name":"A","type":"string","requird":true}]}}"#,
            #"{"type":"drift","change":"addRecordType","object":"Account","recordType":{"developerName":"P","colour":"red"}}"#,
            #"{"type":"drift","change":"renameField","object":"","field":"Rating","newName":"X"}"#,
        ] {
            #expect(throws: DecodingError.self, "\(bad)") { try Self.drift(bad) }
        }
        let message = FaultDecoding.message(
            try #require(throws: DecodingError.self) {
                try Self.drift(#"{"type":"drift","change":"addField","object":"Account","field":{"name":"X__c","type":"string","lenght":5}}"#)
            })
        #expect(message.contains("field.lenght"), "\(message)")
    }

    @Test func renamingMovesValuesAndJournalsThem() throws {
        let (store, ids) = try Self.world()
        let before = store.journal.count
        let result = try SchemaDrift.apply(.renameField(object: "Account", field: "Rating", newName: "Temperature__c"), to: store, hooks: Hooks())
        #expect(result["recordsChanged"] == 2)
        #expect(store.record(id: ids[0])?.fields["Temperature__c"] == "Hot" && store.record(id: ids[0])?.fields["Rating"] == nil)
        let entries = store.journal.entries(after: before)
        #expect(entries.map(\.operation) == [.schema, .update, .update])
        #expect(entries.allSatisfy { $0.channel == "drift" } && entries[1].changedFields == ["Rating", "Temperature__c"])
        #expect(throws: StoreError.unknownField(object: "Account", field: "Rating")) {
            try store.update(id: ids[0], ["Rating": "Cold"], actor: "c", channel: "rest")
        }
        _ = try store.update(id: ids[0], ["Temperature__c": "Cold"], actor: "c", channel: "rest")
    }

    @Test func addingAFieldBackfillsLiveRecordsAsWrites() throws {
        let (store, ids) = try Self.world()
        let modified = store.record(id: ids[1])?.modifiedAt
        store.journal.clock.advance(by: 60)
        _ = try store.delete(id: ids[1], actor: "c", channel: "rest")
        try SchemaDrift.apply(
            .addField(object: "Account", field: FieldDefinition(name: "Tier__c", type: .picklist, picklistValues: [.init("Gold")]), backfill: "Gold"),
            to: store, hooks: Hooks())
        #expect(store.record(id: ids[0])?.fields["Tier__c"] == "Gold")
        #expect(store.record(id: ids[0])?.modifiedAt != modified && store.record(id: ids[0])?.modifiedBy == "harness")
        #expect(store.record(id: ids[1], includeDeleted: true)?.fields["Tier__c"] == nil, "deleted records are not backfilled")
        #expect(throws: FaultError.self) {
            try SchemaDrift.apply(.addField(object: "Account", field: FieldDefinition(name: "Count__c", type: .int), backfill: "many"), to: store, hooks: Hooks())
        }
        #expect(throws: FaultError.self) {
            try SchemaDrift.apply(.addField(object: "Account", field: FieldDefinition(name: "tier__c", type: .string), backfill: nil), to: store, hooks: Hooks())
        }
    }

    @Test func retypingKeepsWhatConvertsAndClearsTheRest() throws {
        let (store, ids) = try Self.world()
        _ = try store.update(id: ids[1], ["Email": "not@an.example"], actor: "c", channel: "rest")
        try SchemaDrift.apply(
            .changeFieldType(object: "Account", field: "Revenue", fieldType: .string, length: 20, precision: nil, scale: nil), to: store, hooks: Hooks())
        #expect(store.record(id: ids[0])?.fields["Revenue"] == "10")
        #expect(store.schema.object("Account")?.field("Revenue")?.type == .string)
        try SchemaDrift.apply(
            .changeFieldType(object: "Account", field: "Revenue", fieldType: .boolean, length: nil, precision: nil, scale: nil), to: store, hooks: Hooks())
        #expect(store.record(id: ids[0])?.fields["Revenue"] == nil, "\"10\" is no boolean: the value is lost")
    }

    @Test func deletingAFieldRemovesItsValuesUnlessARuleNeedsIt() throws {
        let (store, ids) = try Self.world()
        #expect(throws: FaultError("Account.Revenue is used by validation rule 'NoNegativeRevenue'")) {
            try SchemaDrift.apply(.deleteField(object: "Account", field: "Revenue"), to: store, hooks: Hooks())
        }
        try SchemaDrift.apply(.deleteField(object: "Account", field: "Rating"), to: store, hooks: Hooks())
        #expect(store.record(id: ids[0])?.fields["Rating"] == nil && store.schema.object("Account")?.field("Rating") == nil)
        #expect(throws: FaultError("no field 'Rating' on Account")) {
            try SchemaDrift.apply(.deleteField(object: "Account", field: "Rating"), to: store, hooks: Hooks())
        }
        #expect(throws: FaultError.self) { try SchemaDrift.apply(.deleteField(object: "Nope", field: "Rating"), to: store, hooks: Hooks()) }
    }

    @Test func picklistValuesComeAndGo() throws {
        let (store, ids) = try Self.world()
        try SchemaDrift.apply(.deactivatePicklistValue(object: "Account", field: "Rating", value: "Hot"), to: store, hooks: Hooks())
        #expect(throws: StoreError.invalidPicklistValue(field: "Rating", value: "Hot")) {
            try store.update(id: ids[0], ["Rating": "Hot"], actor: "c", channel: "rest")
        }
        #expect(store.record(id: ids[0])?.fields["Rating"] == "Hot", "existing values stay")
        try SchemaDrift.apply(.addPicklistValue(object: "Account", field: "Rating", value: PicklistValue("Warm")), to: store, hooks: Hooks())
        _ = try store.update(id: ids[0], ["Rating": "Warm"], actor: "c", channel: "rest")
        try SchemaDrift.apply(.addPicklistValue(object: "Account", field: "Rating", value: PicklistValue("Hot")), to: store, hooks: Hooks())
        _ = try store.update(id: ids[0], ["Rating": "Hot"], actor: "c", channel: "rest")
        #expect(throws: FaultError.self) {
            try SchemaDrift.apply(.addPicklistValue(object: "Account", field: "Name", value: PicklistValue("X")), to: store, hooks: Hooks())
        }
    }

    @Test func requiredFieldsRulesRecordTypesAndObjects() throws {
        let (store, ids) = try Self.world()
        try SchemaDrift.apply(.addRequiredField(object: "Account", field: FieldDefinition(name: "Region__c", type: .string), backfill: nil), to: store, hooks: Hooks())
        #expect(throws: StoreError.requiredFieldMissing(object: "Account", fields: ["Region__c"])) {
            try store.create("Account", ["Name": "New"], actor: "c", channel: "rest")
        }
        _ = try store.update(id: ids[0], ["Rating": "Cold"], actor: "c", channel: "rest")
        let rule = ValidationRule(name: "NoColdRegions", errorMessage: "Cold needs a region", condition: .equals(field: "Region__c", value: "North"))
        try SchemaDrift.apply(.addValidationRule(object: "Account", rule: rule), to: store, hooks: Hooks())
        #expect(throws: StoreError.validationRuleFailed(rule: "NoColdRegions", message: "Cold needs a region", field: nil)) {
            try store.create("Account", ["Name": "New", "Region__c": "North"], actor: "c", channel: "rest")
        }
        try SchemaDrift.apply(.renameField(object: "Account", field: "Region__c", newName: "Area__c"), to: store, hooks: Hooks())
        #expect(throws: StoreError.self, "the rule follows the rename") {
            try store.create("Account", ["Name": "New", "Area__c": "North"], actor: "c", channel: "rest")
        }
        #expect(throws: FaultError("this system has no record types")) {
            try SchemaDrift.apply(.addRecordType(object: "Account", recordType: RecordTypeDefinition(id: "", developerName: "P")), to: store, hooks: Hooks())
        }
        let object = ObjectDefinition(name: "Invoice__c", keyPrefix: "a0I", fields: [FieldDefinition(name: "Total__c", type: .currency)])
        try SchemaDrift.apply(.addObject(definition: object), to: store, hooks: Hooks())
        _ = try store.create("Invoice__c", ["Total__c": 12.5], actor: "c", channel: "rest")
        #expect(throws: FaultError.self) { try SchemaDrift.apply(.addObject(definition: object), to: store, hooks: Hooks()) }
        #expect(store.journal.all.filter { $0.operation == .schema }.count == 4)
    }
}
