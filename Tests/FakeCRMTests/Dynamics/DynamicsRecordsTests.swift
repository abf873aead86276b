import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// Creating, reading, updating, upserting and deleting rows through the Web
/// API, with ETags, lookups, option sets and query paging.
@Suite(.tags(.inMemory)) struct DynamicsRecordsTests {
    @Test func createAnswers204WithTheEntityIDOr201WithTheRow() throws {
        let org = try DynamicsTestOrg()
        let plain = try org.call(.post, "/accounts", json: ["name": "Contoso", "industrycode": 33])
        #expect(plain.status == 204 && plain.body.isEmpty)
        let entity = try #require(plain.headers["OData-EntityId"])
        #expect(entity.hasPrefix("https://org.test/api/data/v9.2/accounts(") && entity.hasSuffix(")"))

        let represented = try org.call(.post, "/accounts?$select=name,industrycode", json: ["name": "Fabrikam"], headers: ["Prefer": "return=representation"])
        #expect(represented.status == 201 && represented.headers["Preference-Applied"] == "return=representation")
        #expect(represented.json["name"] == "Fabrikam" && represented.json["industrycode"] == .null)
        #expect(represented.json["@odata.context"]?.stringValue == "https://org.test/api/data/v9.2/$metadata#accounts(name,industrycode)/$entity")
        #expect(represented.json["@odata.etag"]?.stringValue?.hasPrefix("W/\"") == true)
    }

    @Test func etagsGuardUpdatesAndDeletes() throws {
        let org = try DynamicsTestOrg()
        let id = try org.create("accounts", ["name": "Versioned"])
        let first = try org.call(.get, "/accounts(\(id))?$select=name")
        let etag = try #require(first.json["@odata.etag"]?.stringValue)
        #expect(try org.call(.get, "/accounts(\(id))?$select=name", headers: ["If-None-Match": etag]).status == 304)

        #expect(try org.call(.patch, "/accounts(\(id))", json: ["name": "Versioned 2"], headers: ["If-Match": etag]).status == 204)
        let stale = try org.call(.patch, "/accounts(\(id))", json: ["name": "Versioned 3"], headers: ["If-Match": etag])
        #expect(stale.status == 412 && stale.errorCode == "0x80060882")
        #expect(stale.errorMessage == "The version of the existing record doesn't match the RowVersion property provided.")
        let current = try #require(try org.call(.get, "/accounts(\(id))").json["@odata.etag"]?.stringValue)
        #expect(current != etag)
        #expect(try org.call(.delete, "/accounts(\(id))", headers: ["If-Match": etag]).status == 412)
        #expect(try org.call(.delete, "/accounts(\(id))", headers: ["If-Match": current]).status == 204)
        let gone = try org.call(.get, "/accounts(\(id))")
        #expect(gone.status == 404 && gone.errorCode == "0x80040217" && gone.errorMessage == "Entity 'account' With Id = \(id) Does Not Exist")
    }

    @Test func upsertByIDAndByAlternateKey() throws {
        let org = try DynamicsTestOrg()
        let id = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
        #expect(try org.call(.patch, "/accounts(\(id))", json: ["name": "Upserted"], headers: ["If-Match": "*"]).status == 404, "If-Match: * only updates")
        #expect(try org.call(.patch, "/accounts(\(id))", json: ["name": "Upserted"]).status == 204)
        #expect(try org.call(.get, "/accounts(\(id))?$select=name").json["name"] == "Upserted")
        let again = try org.call(.patch, "/accounts(\(id))", json: ["name": "Again"], headers: ["If-None-Match": "*"])
        #expect(again.status == 412 && again.errorCode == "0x80040237", "If-None-Match: * only creates")

        #expect(try org.call(.patch, "/accounts(accountnumber='A-77')", json: ["name": "Keyed"]).status == 204)
        let keyed = try org.call(.get, "/accounts(accountnumber='A-77')?$select=name,accountnumber")
        #expect(keyed.json["name"] == "Keyed" && keyed.json["accountnumber"] == "A-77")
        #expect(try org.call(.patch, "/accounts(accountnumber='A-77')", json: ["telephone1": "555"]).status == 204)
        #expect(try org.call(.get, "/accounts?$filter=accountnumber eq 'A-77'&$count=true").json["@odata.count"] == 1)
        #expect(try org.call(.get, "/accounts(telephone1='555')").errorCode == "0x80060888", "only alternate keys address a row")
    }

    @Test func lookupsBindAndReadWithAnnotations() throws {
        let org = try DynamicsTestOrg()
        let account = try org.create("accounts", ["name": "Parent Co"])
        let contact = try org.create("contacts", ["lastname": "Kid", "firstname": "Ada", "parentcustomerid_account@odata.bind": .string("/accounts(\(account))")])
        let read = try org.call(
            .get, "/contacts(\(contact))?$select=fullname,_parentcustomerid_value", headers: ["Prefer": "odata.include-annotations=\"*\""])
        #expect(read.json["fullname"] == "Ada Kid")
        #expect(read.json["_parentcustomerid_value"]?.stringValue == account)
        #expect(read.json["_parentcustomerid_value@OData.Community.Display.V1.FormattedValue"] == "Parent Co")
        #expect(read.json["_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] == "account")
        #expect(read.json["_parentcustomerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty"] == "parentcustomerid_account")

        let lowercase = try org.call(.post, "/contacts", json: ["lastname": "X", "parentcustomerid@odata.bind": .string("/accounts(\(account))")])
        #expect(lowercase.status == 400 && lowercase.errorMessage?.contains("An undeclared property 'parentcustomerid'") == true)
        let unknown = try org.call(.post, "/accounts", json: ["name": "X", "nmae": "Y"])
        #expect(unknown.status == 400 && unknown.errorCode == "0x80048d19")
        #expect(unknown.errorMessage?.contains("The property 'nmae' does not exist on type 'Microsoft.Dynamics.CRM.account'.") == true)
        let badOption = try org.call(.post, "/accounts", json: ["name": "X", "industrycode": 99])
        #expect(badOption.status == 400 && badOption.errorMessage?.contains("outside the valid range") == true)
    }

    @Test func queriesPageByMaxPageSizeWithAbsoluteNextLinks() throws {
        let org = try DynamicsTestOrg()
        for n in 0..<7 { _ = try org.create("leads", ["subject": .string("Page lead \(n)"), "leadsourcecode": 8]) }
        var link: String? = "/leads?$select=subject&$filter=startswith(subject,'Page lead')&$orderby=subject desc&$count=true"
        var subjects: [String] = []
        var pages = 0
        while let next = link {
            let path = next.hasPrefix("https://org.test/api/data/v9.2") ? String(next.dropFirst("https://org.test/api/data/v9.2".count)) : next
            let reply = try org.call(.get, path, headers: ["Prefer": "odata.maxpagesize=3"])
            #expect(reply.status == 200 && reply.headers["Preference-Applied"] == "odata.maxpagesize=3")
            if pages == 0 { #expect(reply.json["@odata.count"] == 7) }
            subjects += reply.value.compactMap { $0["subject"]?.stringValue }
            link = reply.json["@odata.nextLink"]?.stringValue
            if let link { #expect(link.hasPrefix("https://org.test/api/data/v9.2/leads?")) }
            pages += 1
        }
        #expect(pages == 3)
        #expect(subjects == (0..<7).reversed().map { "Page lead \($0)" })

        let top = try org.call(.get, "/leads?$select=subject&$orderby=subject&$top=2", headers: ["Prefer": "odata.maxpagesize=1"])
        #expect(top.value.count == 2 && top.json["@odata.nextLink"] == nil, "$top takes precedence over paging")
        let badSelect = try org.call(.get, "/leads?$select=subjct")
        #expect(badSelect.status == 400 && badSelect.errorMessage == "Could not find a property named 'subjct' on type 'Microsoft.Dynamics.CRM.lead'.")
        let skip = try org.call(.get, "/leads?$skip=2")
        #expect(skip.status == 400 && skip.errorCode == "0x80060888")
    }

    @Test func entityDefinitionsAndMetadataDescribeTheTables() throws {
        let org = try DynamicsTestOrg()
        let defs = try org.call(.get, "/EntityDefinitions?$select=LogicalName,EntitySetName,PrimaryIdAttribute&$filter=LogicalName eq 'opportunity'")
        #expect(defs.value.count == 1)
        #expect(defs.value.first?["EntitySetName"] == "opportunities" && defs.value.first?["PrimaryIdAttribute"] == "opportunityid")
        let picklists = try org.call(.get, "/EntityDefinitions(LogicalName='account')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Options)")
        let industry = try #require(picklists.value.first { $0["LogicalName"] == "industrycode" })
        let options = industry["OptionSet"]?["Options"]?.arrayValue ?? []
        #expect(options.contains { $0["Value"] == 7 && $0["Label"]?["UserLocalizedLabel"]?["Label"] == "Consulting" })
        let metadata = try org.call(.get, "/$metadata")
        let xml = String(decoding: metadata.body, as: UTF8.self)
        #expect(metadata.headers["Content-Type"] == "application/xml")
        #expect(xml.contains("<EntitySet Name=\"accounts\" EntityType=\"Microsoft.Dynamics.CRM.account\"/>"))
        #expect(xml.contains("<NavigationProperty Name=\"parentcustomerid_account\" Type=\"mscrm.account\">"))
        let whoAmI = try org.call(.get, "/WhoAmI")
        #expect(whoAmI.json["UserId"]?.stringValue == org.fake.applicationUserID && whoAmI.json["OrganizationId"]?.stringValue == org.fake.organizationID)
    }

    @Test func createMultipleIsAllOrNothingAndUpdateMultipleNeedsKeys() throws {
        let org = try DynamicsTestOrg()
        let before = org.fake.store.records(of: "lead").count
        let created = try org.call(.post, "/leads/Microsoft.Dynamics.CRM.CreateMultiple", json: ["Targets": [["subject": "M1"], ["subject": "M2", "leadsourcecode": 10]]])
        let ids = created.json["Ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(created.status == 200 && ids.count == 2)
        let refused = try org.call(.post, "/leads/Microsoft.Dynamics.CRM.CreateMultiple", json: ["Targets": [["subject": "M3"], ["subject": "M4", "leadsourcecode": 99]]])
        #expect(refused.status == 400 && refused.errorMessage?.contains("outside the valid range") == true)
        #expect(org.fake.store.records(of: "lead").count == before + 2, "the refused batch wrote nothing")

        let targets: [JSONValue] = ids.map { ["leadid": .string($0), "companyname": "Multi"] }
        #expect(try org.call(.post, "/leads/Microsoft.Dynamics.CRM.UpdateMultiple", json: ["Targets": .array(targets)]).status == 204)
        #expect(ids.allSatisfy { org.fake.store.record(id: $0)?["companyname"] == "Multi" })
        let keyless = try org.call(.post, "/leads/Microsoft.Dynamics.CRM.UpdateMultiple", json: ["Targets": [["companyname": "X"]]])
        #expect(keyless.status == 400 && keyless.errorCode == "0x80040203")
        #expect(try org.call(.post, "/leads/Microsoft.Dynamics.CRM.UpsertMultiple", json: ["Targets": [["subject": "U"]]]).status == 501)
    }
}
