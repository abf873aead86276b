import FakeKit
import Foundation
import Testing

@testable import FakeCRM

@Suite(.tags(.inMemory)) struct OrgLoadingTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    @Test func bundledOrgsLoadAndSeed() throws {
        #expect(OrgDefinition.bundledNames == ["default", "partner-channel", "partner-reseller"])
        for name in OrgDefinition.bundledNames {
            let fake = try SalesforceFake(org: .bundled(name), clock: JournalClock())
            #expect(fake.store.records(of: "Account").count >= 2, "\(name)")
            #expect(fake.store.schema.object("Opportunity")?.field("SystemModstamp") != nil, "system fields are added")
        }
        let channel = try OrgDefinition.bundled("partner-channel")
        let opportunity = try #require(channel.schema.object("Opportunity"))
        for field in ["Partner_Account__c", "Partner_Tier__c", "Partner_Contact__c", "Deal_Registration_Id__c", "Registration_Date__c"] {
            #expect(opportunity.field(field) != nil, "\(field)")
        }
        #expect(channel.schema.object("MDF_Request__c")?.custom == true)
    }

    @Test func unknownKeysAreErrorsWithTheirPath() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("org-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(
            """
            {"format": "sync-verifier/org@1", "name": "typo", "objects": [
              {"name": "Account", "keyPrefix": "001", "fields": [{"name": "Name", "type": "string", "lenght": 80}]}],
             "records": {"Acount": []}}
            """.utf8
        ).write(to: file)
        #expect(throws: OrgFileError(file: file.path, problems: ["objects[0].fields[0].lenght: unknown key", "records.Acount: no such object in this org"])) {
            try OrgDefinition.load(file: file)
        }
    }

    @Test func wrongTypesNameThePath() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("org-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"format": "sync-verifier/org@1", "name": "x", "objects": [{"name": "A", "keyPrefix": "a00", "fields": [{"name": "N", "type": "strng"}]}]}"#.utf8).write(to: file)
        do {
            _ = try OrgDefinition.load(file: file)
            Issue.record("expected an error")
        } catch let error as OrgFileError {
            #expect(error.problems.first?.hasPrefix("objects[0].fields[0].type:") == true, "\(error.problems)")
        }
    }

    /// Found by Fuzz/Org: a document that is not an object gave the problem ": expected …", with no place.
    @Test func aDocumentThatIsNotAnObjectIsAProblemAtTheRoot() throws {
        for document in ["[]", "1", "\"org\"", "null"] {
            do {
                _ = try OrgDefinition.load(data: Data(document.utf8), file: "org.json")
                Issue.record("\(document): expected an error")
            } catch let error as OrgFileError {
                #expect(error.problems.count == 1 && error.problems[0].hasPrefix("$: "), "\(document): \(error.problems)")
            }
        }
    }

    @Test func describeDumpsLoadAsAnOrg() throws {
        let org = try OrgDefinition.load(path: Self.fixtures.appendingPathComponent("describes").path)
        let invoice = try #require(org.schema.object("Invoice__c"))
        #expect(invoice.keyPrefix == "a0X" && invoice.custom)
        #expect(invoice.field("Name")?.required == true)
        #expect(invoice.field("Total__c")?.type == .currency && invoice.field("Total__c")?.scale == 2)
        #expect(invoice.field("Status__c")?.restrictedPicklist == true)
        #expect(invoice.field("Status__c")?.picklistValues.first(where: \.defaultValue)?.value == "Draft")
        #expect(invoice.field("ERP_Id__c")?.externalId == true && invoice.field("ERP_Id__c")?.unique == true)
        #expect(invoice.field("Account__c")?.referenceTo == ["Account"] && invoice.field("Account__c")?.cascadeDelete == true)
        #expect(invoice.field("Id")?.createable == false && invoice.field("CreatedDate")?.required == false)
        #expect(invoice.recordTypes.isEmpty, "the Master record type is not a real one")

        // The imported shape serves like any org.
        let fake = try SalesforceFake(org: org, clock: JournalClock())
        let account = try fake.store.create("Account", ["Name": "Buyer"], actor: "t", channel: "t")
        let invoiceRecord = try fake.store.create("Invoice__c", ["Name": "INV-1", "Account__c": .string(account.id), "Total__c": 10.555], actor: "t", channel: "t")
        #expect(invoiceRecord.id.hasPrefix("a0X") && invoiceRecord["Status__c"] == "Draft" && invoiceRecord["Total__c"] == 10.56)
    }

    @Test func aFolderWithoutDescribesIsAnError() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: OrgFileError.self) { try OrgDefinition.load(path: empty.path) }
        #expect(throws: OrgFileError.self) { try OrgDefinition.load(path: "/no/such/org.json") }
    }

    @Test func orgFilesAreStrictJSONWithLineAndColumn() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("org-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("{\"format\": \"sync-verifier/org@1\",\n \"name\": \"x\",\n \"name\": \"y\", \"objects\": []}".utf8).write(to: file)
        #expect(throws: JSONFileError(file: file.path, syntax: JSONSyntaxError(line: 3, column: 2, message: "duplicate key 'name' (first at line 2, column 2)"))) {
            try OrgDefinition.load(file: file)
        }
        let error = try #require(throws: JSONFileError.self) { try OrgDefinition.load(file: file) }
        #expect(error.description == "\(file.path):3:2: duplicate key 'name' (first at line 2, column 2)")
    }
}
