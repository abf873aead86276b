import Foundation
import Testing

@testable import FakeKit

@Suite(.tags(.inMemory)) struct RecordStoreTests {
    static func schema() -> Schema {
        Schema(objects: [
            ObjectDefinition(
                name: "Account", keyPrefix: "001",
                fields: [
                    FieldDefinition(name: "Name", type: .string, length: 20, required: true),
                    FieldDefinition(name: "Ext_Id__c", type: .string, unique: true, externalId: true),
                    FieldDefinition(name: "Legacy__c", type: .string, externalId: true),
                    FieldDefinition(name: "Rating", type: .picklist, picklistValues: [.init("Hot"), .init("Cold", defaultValue: true)], restrictedPicklist: true),
                    FieldDefinition(name: "Revenue", type: .currency, precision: 8, scale: 2),
                    FieldDefinition(name: "Founded", type: .date),
                    FieldDefinition(name: "Email", type: .email),
                    FieldDefinition(name: "Active", type: .boolean),
                    FieldDefinition(name: "Tags", type: .multipicklist, picklistValues: [.init("A"), .init("B")], restrictedPicklist: true),
                    FieldDefinition(name: "CreatedDate", type: .datetime, createable: false, updateable: false),
                ],
                validationRules: [
                    ValidationRule(name: "NoNegativeRevenue", errorMessage: "Revenue cannot be negative", errorField: "Revenue", condition: .lessThan(field: "Revenue", value: 0))
                ]),
            ObjectDefinition(
                name: "Contact", keyPrefix: "003",
                fields: [
                    FieldDefinition(name: "LastName", type: .string, required: true),
                    FieldDefinition(name: "AccountId", type: .reference, referenceTo: ["Account"], relationshipName: "Account", cascadeDelete: true),
                ]),
            ObjectDefinition(
                name: "Note__c", keyPrefix: "a01",
                fields: [FieldDefinition(name: "Account__c", type: .reference, referenceTo: ["Account"])]),
        ])
    }

    static func makeStore() -> (RecordStore, Journal) {
        let journal = Journal(system: "crm", clock: JournalClock(manualStart: Date(timeIntervalSince1970: 1_700_000_000)))
        return (RecordStore(system: "crm", schema: schema(), journal: journal, ids: SequentialIDGenerator()), journal)
    }

    @Test func createCoercesValuesAppliesDefaultsAndJournals() throws {
        let (store, journal) = Self.makeStore()
        let record = try store.create(
            "account", ["name": "Acme", "Revenue": "1234.567", "Founded": "2020-02-29", "Active": "true", "Tags": ["B", "A"]],
            actor: "client-1", channel: "rest")
        #expect(record.object == "Account")
        #expect(record["Name"] == "Acme")
        #expect(record["Revenue"] == .double(1234.57))
        #expect(record["Founded"] == "2020-02-29")
        #expect(record["Active"] == true)
        #expect(record["Tags"] == "B;A")
        #expect(record["Rating"] == "Cold")
        let entry = try #require(journal.all.last)
        #expect(entry.operation == .create && entry.actor == "client-1" && entry.recordID == record.id && entry.before == nil)
        #expect(entry.after?["Name"] == "Acme")
    }

    @Test(arguments: [
        (["Name": "x", "Nope": 1] as [String: JSONValue], StoreError.unknownField(object: "Account", field: "Nope")),
        ([:], .requiredFieldMissing(object: "Account", fields: ["Name"])),
        (["Name": "0123456789012345678901"], .valueTooLong(field: "Name", maxLength: 20, value: "0123456789012345678901")),
        (["Name": "x", "Rating": "Warm"], .invalidPicklistValue(field: "Rating", value: "Warm")),
        (["Name": "x", "Tags": "A;C"], .invalidPicklistValue(field: "Tags", value: "C")),
        (["Name": "x", "Revenue": 1_000_000], .numberOutOfRange(field: "Revenue", value: 1_000_000)),
        (["Name": "x", "Email": "not-an-email"], .invalidEmail(field: "Email", value: "not-an-email")),
        (["Name": "x", "Founded": "31/01/2024"], .invalidValue(field: "Founded", type: .date, value: "31/01/2024", reason: "not a date (YYYY-MM-DD)")),
        (["Name": "x", "Active": 3], .invalidValue(field: "Active", type: .boolean, value: 3, reason: "not a boolean")),
        (["Name": "x", "CreatedDate": "2024-01-01T00:00:00Z"], .notWritable(field: "CreatedDate", onCreate: true)),
        (["Name": "x", "Revenue": -5], .validationRuleFailed(rule: "NoNegativeRevenue", message: "Revenue cannot be negative", field: "Revenue")),
    ])
    func createRefusesBadInput(fields: [String: JSONValue], error: StoreError) {
        let (store, journal) = Self.makeStore()
        #expect(throws: error) { try store.create("Account", fields, actor: "a", channel: "rest") }
        #expect(journal.count == 0, "a refused write is not journaled")
    }

    @Test func unknownObjectIsRefused() {
        let (store, _) = Self.makeStore()
        #expect(throws: StoreError.unknownObject("Nope")) { try store.create("Nope", [:], actor: "a", channel: "rest") }
    }

    @Test func externalIdsAreUniqueAndIndexedCaseInsensitively() throws {
        let (store, _) = Self.makeStore()
        let first = try store.create("Account", ["Name": "A", "Ext_Id__c": "EXT-1"], actor: "a", channel: "rest")
        #expect(throws: StoreError.duplicateValue(field: "Ext_Id__c", existingID: first.id)) {
            try store.create("Account", ["Name": "B", "Ext_Id__c": "ext-1"], actor: "a", channel: "rest")
        }
        #expect(store.records(of: "Account", where: "ext_id__c", equals: "Ext-1").map(\.id) == [first.id])
        #expect(store.read { $0.isIndexed("Account", "Ext_Id__c") })
        // An external id without `unique` is indexed but may repeat.
        _ = try store.create("Account", ["Name": "C", "Legacy__c": "L1"], actor: "a", channel: "rest")
        _ = try store.create("Account", ["Name": "D", "Legacy__c": "l1"], actor: "a", channel: "rest")
        #expect(store.records(of: "Account", where: "Legacy__c", equals: "L1").count == 2)
        _ = try store.update(id: first.id, ["Ext_Id__c": "EXT-2"], actor: "a", channel: "rest")
        #expect(store.records(of: "Account", where: "Ext_Id__c", equals: "EXT-1").isEmpty)
        #expect(store.records(of: "Account", where: "Ext_Id__c", equals: "EXT-2").count == 1)
    }

    @Test func referencesMustPointToAnExistingRecordOfTheRightObject() throws {
        let (store, _) = Self.makeStore()
        let account = try store.create("Account", ["Name": "A"], actor: "a", channel: "rest")
        let contact = try store.create("Contact", ["LastName": "L", "AccountId": .string(account.id)], actor: "a", channel: "rest")
        #expect(throws: StoreError.invalidReference(field: "AccountId", value: "001_999999", reason: "invalid cross reference id")) {
            try store.create("Contact", ["LastName": "L", "AccountId": "001_999999"], actor: "a", channel: "rest")
        }
        #expect(throws: StoreError.invalidReference(field: "AccountId", value: contact.id, reason: "id value of incorrect type")) {
            try store.create("Contact", ["LastName": "L", "AccountId": .string(contact.id)], actor: "a", channel: "rest")
        }
    }

    @Test func deletingAParentCascadesOrClearsChildren() throws {
        let (store, journal) = Self.makeStore()
        let account = try store.create("Account", ["Name": "A"], actor: "a", channel: "rest")
        let contact = try store.create("Contact", ["LastName": "L", "AccountId": .string(account.id)], actor: "a", channel: "rest")
        let note = try store.create("Note__c", ["Account__c": .string(account.id)], actor: "a", channel: "rest")
        try store.delete(id: account.id, actor: "b", channel: "rest")
        #expect(store.record(id: account.id) == nil)
        #expect(store.record(id: account.id, includeDeleted: true)?.isDeleted == true)
        #expect(store.record(id: contact.id) == nil, "master-detail child deleted")
        #expect(store.record(id: note.id)?["Account__c"] == .null, "lookup cleared")
        #expect(journal.all.suffix(3).map(\.operation) == [.delete, .delete, .update])
        #expect(throws: StoreError.entityIsDeleted(id: account.id)) { try store.update(id: account.id, ["Name": "B"], actor: "a", channel: "rest") }
        let restored = try store.undelete(id: account.id, actor: "a", channel: "rest")
        #expect(!restored.isDeleted && store.records(of: "Account").count == 1)
    }

    @Test func updateKeepsBeforeAndAfterAndClearsWithNull() throws {
        let (store, journal) = Self.makeStore()
        let account = try store.create("Account", ["Name": "A", "Email": "a@b.co"], actor: "a", channel: "rest")
        let updated = try store.update(id: account.id, ["Email": nil, "Rating": "Hot"], actor: "b", channel: "composite")
        #expect(updated["Email"] == .null && updated["Rating"] == "Hot" && updated.modifiedBy == "b")
        let entry = try #require(journal.all.last)
        #expect(entry.changedFields == ["Email", "Rating"])
        #expect(entry.channel == "composite")
        #expect(throws: StoreError.requiredFieldMissing(object: "Account", fields: ["Name"])) {
            try store.update(id: account.id, ["Name": nil], actor: "a", channel: "rest")
        }
        #expect(throws: StoreError.notFound(id: "nope")) { try store.update(id: "nope", [:], actor: "a", channel: "rest") }
    }

    @Test func schemaChangesAreVersionedAndJournaled() throws {
        let (store, journal) = Self.makeStore()
        let version = store.schemaVersion
        try store.changeSchema(actor: "harness", channel: "drift", object: "Account") { schema in
            schema.modify("Account") { $0.fields.append(FieldDefinition(name: "Tier__c", type: .string, externalId: true)) }
        }
        #expect(store.schemaVersion == version + 1)
        #expect(journal.all.last?.operation == .schema)
        let record = try store.create("Account", ["Name": "A", "Tier__c": "Gold"], actor: "a", channel: "rest")
        #expect(store.records(of: "Account", where: "Tier__c", equals: "gold").map(\.id) == [record.id])
    }

    @Test func bulkLoadChecksRowsAndJournalsOnce() throws {
        let (store, journal) = Self.makeStore()
        let ids = try store.bulkLoad("Account", (0..<500).map { ["Name": .string("A\($0)")] }, actor: "harness")
        #expect(ids.count == 500 && store.records(of: "Account").count == 500)
        #expect(journal.count == 1)
        #expect(journal.all.first?.after?["bulkLoadedRecords"] == 500)
    }

    @Test(arguments: [
        ("2024-01-31T10:00:00Z", "2024-01-31T10:00:00.000+0000"),
        ("2024-01-31T10:00:00.5+02:00", "2024-01-31T08:00:00.500+0000"),
        ("2024-01-31T23:30:00-0100", "2024-02-01T00:30:00.000+0000"),
        ("2024-02-29", "2024-02-29T00:00:00.000+0000"),
    ])
    func dateTimesAreStoredInUTC(input: String, stored: String) throws {
        let field = FieldDefinition(name: "When", type: .datetime)
        #expect(try FieldValueCoercion.coerce(.string(input), for: field) == .string(stored))
    }

    @Test func invalidDatesAreRefused() {
        let field = FieldDefinition(name: "D", type: .date)
        for text in ["2023-02-29", "2024-13-01", "2024-1-1", "yesterday"] {
            #expect(throws: StoreError.self) { try FieldValueCoercion.coerce(.string(text), for: field) }
        }
    }
}

@Suite(.tags(.inMemory)) struct CoercionTests {
    @Test func numbersInTextFieldsBecomeTheirText() throws {
        let field = FieldDefinition(name: "Code", type: .string, length: 10)
        #expect(try FieldValueCoercion.coerce(70_734_760, for: field) == "70734760")
        #expect(try FieldValueCoercion.coerce("abc", for: field) == "abc")
        #expect(try FieldValueCoercion.coerce("", for: field) == .null)
    }
}
