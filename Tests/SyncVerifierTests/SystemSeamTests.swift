import FakeCRM
import FakeKit
import Foundation
import HTTP
import Testing
@testable import SyncVerifier

/// A world of several systems: two Salesforce orgs side by side share no id
/// and accept no token of the other; the `SV_SYSTEMS` file describes them.
@Suite("Many systems in one world", .tags(.socket))
struct ManySystemsWorldTests {
    static func world(_ folder: URL) throws -> World {
        let salesforce = SalesforceDialect()
        var plan = try WorldPlan.standard(seed: 3)
        plan.crms.append(WorldPlan.CRM(id: SystemID("northwind-crm"), role: .partner, dialect: salesforce, org: try salesforce.bundledOrg("partner-reseller"), partner: "northwind"))
        return try World(plan: plan, folder: folder)
    }

    static func call(_ system: any CRMSystem, _ method: HTTPMethod, _ path: String, token: String? = nil, form: String? = nil) -> (status: Int, json: JSONValue) {
        var request = HTTPRequest(method: method, target: path)
        request.headers["Host"] = "127.0.0.1"
        request.connection.isSecure = true
        if let token { request.headers["Authorization"] = "Bearer \(token)" }
        if let form { request.body = Data(form.utf8) }
        let response = system.handler.respond(to: request)
        return (response.status.code, (try? JSONParser.parse(response.body)) ?? .null)
    }

    static func token(_ system: any CRMSystem) throws -> String {
        let id = try #require(system.connectorVariable("SV_CRM_CLIENT_ID", baseURL: ""))
        let secret = try #require(system.connectorVariable("SV_CRM_CLIENT_SECRET", baseURL: ""))
        let reply = call(system, .post, "/services/oauth2/token", form: "grant_type=client_credentials&client_id=\(id)&client_secret=\(secret)")
        #expect(reply.status == 200)
        return try #require(reply.json["access_token"]?.stringValue)
    }

    @Test func twoSalesforceOrgsMintNoCommonIdAndRefuseEachOthersTokens() throws {
        let world = try Self.world(TestPaths.temporaryFolder("two-orgs"))
        defer { world.stop() }
        let vendor = world.crm
        let partner = try #require(world.crm(SystemID("northwind-crm")))
        // The same object, created the same number of times in each org, still gets different ids.
        var vendorIDs = Set(vendor.store.schema.objects.flatMap { vendor.store.records(of: $0.name, includeDeleted: true).map(\.id) })
        var partnerIDs = Set(partner.store.schema.objects.flatMap { partner.store.records(of: $0.name, includeDeleted: true).map(\.id) })
        for index in 0..<5 {
            vendorIDs.insert(try vendor.store.create("Account", ["Name": .string("V\(index)")], actor: "harness", channel: "seed").id)
            partnerIDs.insert(try partner.store.create("Account", ["Name": .string("P\(index)")], actor: "harness", channel: "seed").id)
        }
        #expect(vendorIDs.isDisjoint(with: partnerIDs))
        #expect(partnerIDs.allSatisfy { $0.dropFirst(3).hasPrefix("8d") }, "the second org mints on its own instance")

        let vendorToken = try Self.token(vendor)
        let partnerToken = try Self.token(partner)
        #expect(vendorToken.prefix(15) != partnerToken.prefix(15), "each org's id leads its tokens")
        let account = try #require(partnerIDs.first { partner.store.record(id: $0)?.object == "Account" })
        #expect(Self.call(partner, .get, "/services/data/v60.0/sobjects/Account/\(account)", token: partnerToken).status == 200)
        let refused = Self.call(partner, .get, "/services/data/v60.0/sobjects/Account/\(account)", token: vendorToken)
        #expect(refused.status == 401)
        #expect(refused.json.arrayValue?.first?["errorCode"] == "INVALID_SESSION_ID")
        // One clock: the journals interleave in time order.
        #expect(vendor.journal.clock === partner.journal.clock)
    }

    @Test func theSystemsFileDescribesEverySystem() throws {
        let folder = TestPaths.temporaryFolder("systems-file")
        let world = try Self.world(folder)
        defer { world.stop() }
        let path = try world.writeSystemsFile(to: folder.appendingPathComponent("systems.json"))
        let file = try JSONParser.parse(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(file["format"] == "sync-verifier/systems@1")
        let systems = try #require(file["systems"]?.arrayValue)
        #expect(systems.map { $0["name"]?.stringValue } == ["crm", "northwind-crm", "prm"])
        #expect(systems.map { $0["role"]?.stringValue } == ["vendor", "partner", "prm"])
        #expect(systems[1]["partner"] == "northwind")
        #expect(systems[1]["partnerId"]?.stringValue == world.prm.seededIDs["northwind"])
        #expect(systems[1]["url"]?.stringValue == world.url(SystemID("northwind-crm")))
        #expect(systems[1]["variables"]?["SV_CRM_CLIENT_SECRET"]?.stringValue == world.crm(SystemID("northwind-crm"))?.connectorVariable("SV_CRM_CLIENT_SECRET", baseURL: ""))
        #expect(systems[2]["variables"]?["SV_PRM_API_KEY"]?.stringValue == world.prm.apiKey)
        let environment = world.environment(configPath: "/c", stateDirectory: "/s", controlPort: nil, systemsFile: path)
        #expect(environment["SV_SYSTEMS"] == path)
        #expect(environment["SV_CRM_URL"] == world.crmURL, "a single-CRM connector keeps SV_CRM_* for the vendor's CRM")
    }
}

/// The scorer on evidence of three systems, and evidence that survives a round trip.
@Suite("Evidence of many systems", .tags(.inMemory))
struct ManySystemsEvidenceTests {
    static let partnerCRM = "northwind-crm"

    /// A vendor CRM, a partner CRM and the PRM; the connector passed a lead to northwind's CRM.
    static func evidence(leakToOtherPartner: Bool) -> ScenarioEvidence {
        var builder = EvidenceBuilder("three-systems", checklist: ["security.partner-isolation"])
        builder.didWork()
        builder.write("prm", "harness", .create, "Partner", "prt_1", at: 0.1, after: ["name": "Northwind"], channel: "seed")
        builder.write("prm", "harness", .create, "Partner", "prt_2", at: 0.1, after: ["name": "Contoso"], channel: "seed")
        builder.write("prm", EvidenceBuilder.connectorPRM, .create, "Lead", "ld_1", at: 1, after: ["partnerId": "prt_2", "lastName": "Raman"])
        var evidence = builder.build()
        let owner = leakToOtherPartner ? "ld_1" : "ld_9"
        evidence.journals[partnerCRM] = [
            JournalEntry(sequence: 1, time: EvidenceBuilder.at(2), system: partnerCRM, actor: EvidenceBuilder.connectorCRM, operation: .create,
                         object: "Lead", recordID: "00Q8d000000001AAA", before: nil, after: ["LastName": "Raman", "Vendor_Lead_Id__c": .string(owner)], channel: "rest")
        ]
        evidence.connectorActors[partnerCRM] = EvidenceBuilder.connectorCRM
        var systems = SystemEvidence.defaults(evidence)
        systems.insert(SystemEvidence(
            name: partnerCRM, role: .partner, dialect: "salesforce", partner: "northwind", partnerId: "prt_1", systemFields: ["LastModifiedDate"],
            people: [], ownActor: partnerCRM, deal: nil), at: 1)
        evidence.systems = systems
        return evidence
    }

    @Test func aLeadInTheWrongPartnersCRMIsASevereLeak() throws {
        let leak = Scorer().score([Self.evidence(leakToOtherPartner: true)], connector: "c", seed: 1, durationSeconds: 1)
        let item = try #require(leak.items.first { $0.id == "security.partner-isolation" })
        #expect(item.status == .fail)
        #expect(item.summary.contains("northwind-crm (partner prt_1's CRM) holds Lead 00Q8d000000001AAA"), "\(item.summary)")
        #expect(item.summary.contains("of partner prt_2"))
        let clean = Scorer().score([Self.evidence(leakToOtherPartner: false)], connector: "c", seed: 1, durationSeconds: 1)
        #expect(clean.items.first { $0.id == "security.partner-isolation" }?.status == .pass)
    }

    @Test func duplicatesAreFoundBetweenAnyPairOfSystems() throws {
        var evidence = Self.evidence(leakToOtherPartner: false)
        // Two partner-CRM leads carrying the same PRM lead id in their identity field.
        for (sequence, id) in [(2, "00Q8d000000002AAA"), (3, "00Q8d000000003AAA")] {
            evidence.journals[Self.partnerCRM]!.append(JournalEntry(
                sequence: sequence, time: EvidenceBuilder.at(Double(sequence)), system: Self.partnerCRM, actor: EvidenceBuilder.connectorCRM,
                operation: .create, object: "Lead", recordID: id, before: nil, after: ["LastName": "Twin", "Vendor_Lead_Id__c": "ld_1"], channel: "rest"))
        }
        evidence.identityFields[Self.partnerCRM] = ["Lead": ["Vendor_Lead_Id__c"]]
        evidence.checklist = ["integrity.no-duplicates"]
        let card = Scorer().score([evidence], connector: "c", seed: 1, durationSeconds: 1)
        let item = try #require(card.items.first { $0.id == "integrity.no-duplicates" })
        #expect(item.status == .fail)
        #expect(item.summary.contains("2 Lead on the northwind-crm side carry Vendor_Lead_Id__c = ld_1"), "\(item.summary)")
    }

    @Test func evidenceRoundTripsToTheSameScorecard() throws {
        let evidence = Self.evidence(leakToOtherPartner: true)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(ScenarioEvidence.self, from: try encoder.encode(evidence))
        #expect(decoded.worldSystems == evidence.worldSystems)
        let before = Scorer().score([evidence], connector: "c", seed: 1, durationSeconds: 1)
        let after = Scorer().score([decoded], connector: "c", seed: 1, durationSeconds: 1)
        #expect(before.items.map(\.status) == after.items.map(\.status))
        #expect(before.items.map(\.summary) == after.items.map(\.summary))
    }

    @Test func evidenceWithoutSystemsReadsAsTheTwoSystemWorld() throws {
        let evidence = EvidenceBuilder("old", checklist: ["integrity.no-echo"]).build()
        #expect(evidence.systems == nil)
        #expect(evidence.worldSystems.map(\.name) == ["crm", "prm"])
        #expect(evidence.worldSystems[0].systemFields.contains("SystemModstamp"))
    }
}

/// Both scenario formats load: `@1` as one CRM and the PRM, `@2` with its systems.
@Suite("Scenario formats 1 and 2", .tags(.inMemory))
struct ScenarioFormatsTests {
    @Test func bothFormatsValidate() throws {
        let one = TestPaths.packageRoot.appendingPathComponent("Scenarios/flows/lead-passing.json").path
        let two = TestPaths.packageRoot.appendingPathComponent("Scenarios/distributed/lead-reaches-chosen-partner-crm.json").path
        let (first, firstIssues) = ScenarioLoader.load(file: one)
        let (second, secondIssues) = ScenarioLoader.load(file: two)
        #expect(firstIssues.isEmpty && secondIssues.isEmpty, "\(firstIssues) \(secondIssues)")
        #expect(first?.systems.map(\.id.rawValue) == ["crm", "prm"])
        #expect(first?.format2 == false)
        #expect(second?.systems.map(\.id.rawValue) == ["crm", "northwind-crm", "contoso-crm", "prm"])
        #expect(second?.systems.map(\.role) == [.vendor, .partner, .partner, .prm])
        #expect(second?.declaration(SystemID("contoso-crm"))?.partner == "contoso")
        #expect(second?.format2 == true)
    }

    /// The JSON Schema offers exactly the dialects of the registry.
    @Test func theSchemaNamesTheRegistrysDialects() throws {
        let schema = try JSONParser.parse(try Data(contentsOf: TestPaths.packageRoot.appendingPathComponent("Scenarios/scenario.schema.json")))
        let names = schema["$defs"]?["dialect"]?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(names == CRMDialects.names)
    }
}
