import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

@Suite(.tags(.inMemory)) struct SalesforceFaultTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func org(faultSeed: UInt64 = 0) throws -> SalesforceTestOrg {
        try SalesforceTestOrg(clock: JournalClock(manualStart: start), faultSeed: faultSeed)
    }

    static func drift(_ json: String) throws -> FaultSpec {
        try JSONDecoder().decode(FaultSpec.self, from: Data(#"{"type":"drift",\#(json)}"#.utf8))
    }

    // MARK: throttling

    @Test func aThrottleAnswersRequestLimitExceededWithUsageClimbingToItsLimit() throws {
        let org = try Self.org()
        try org.fake.inject(.throttle(ThrottleFault(limit: 3, windowSeconds: 60)))
        let replies = (0..<5).map { _ in org.call(.get, "/services/data/v59.0/sobjects/Account") }
        #expect(replies.map(\.status) == [200, 200, 200, 403, 403])
        #expect(replies.map { $0.response.headers["Sforce-Limit-Info"] } == ["api-usage=1/3", "api-usage=2/3", "api-usage=3/3", "api-usage=3/3", "api-usage=3/3"])
        #expect(replies[3].json == [["message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"]])
        #expect(org.call(.post, "/services/oauth2/token", form: "grant_type=client_credentials&client_id=test-client&client_secret=s3cret", authorized: false).status == 200, "logging in is not metered")
        org.clock.advance(by: 60)
        #expect(org.call(.get, "/services/data/v59.0/sobjects/Account").status == 200, "the window reset")
        let log = org.fake.requestLog.entries
        #expect(log.map(\.sentDuringBackoff) == [false, false, false, false, true, false, false])
        #expect(log.allSatisfy { $0.credential == "test-client" })
        #expect(org.fake.requestLog.summary.byRoute["GET /services/data/:version/sobjects/Account"] == 6)
    }

    @Test func theOrgsOwnDailyLimitIsThrottlingToo() throws {
        let org = try Self.org()
        org.fake.usage.set(used: 100_000)
        let refused = org.call(.get, "/services/data/v59.0/limits")
        #expect(refused.status == 403 && refused.errorCode == "REQUEST_LIMIT_EXCEEDED")
        _ = org.call(.get, "/services/data/v59.0/limits")
        org.fake.usage.set(used: 0)
        _ = org.call(.get, "/services/data/v59.0/limits")
        #expect(org.fake.requestLog.entries.map(\.throttled) == [true, true, false])
        #expect(org.fake.requestLog.entries.map(\.sentDuringBackoff) == [false, true, false])
    }

    @Test func sameSeedSameOutcomesRequestByRequest() throws {
        func run(seed: UInt64) throws -> [String] {
            let org = try Self.org(faultSeed: seed)
            try org.fake.inject(.outage(OutageFault(kind: .status, status: 503, scope: FaultScope(probability: 0.3))))
            try org.fake.inject(.outage(OutageFault(kind: .reset, scope: FaultScope(methods: ["PATCH"], probability: 0.2))))
            try org.fake.inject(.throttle(ThrottleFault(limit: 80, windowSeconds: 3600)))
            for i in 0..<60 {
                _ = org.call(.get, "/services/data/v59.0/query?q=SELECT+Id+FROM+Account+LIMIT+\(i + 1)")
                _ = org.call(.patch, "/services/data/v59.0/sobjects/Account/\(org.fake.seededIDs["globex"] ?? "")", json: ["Description": .string("run \(i)")])
            }
            return org.fake.requestLog.entries.map { "\($0.method) \($0.status.map(String.init) ?? $0.connection) \($0.faults)" }
        }
        let first = try run(seed: 9)
        #expect(try run(seed: 9) == first)
        #expect(try run(seed: 10) != first)
        #expect(first.contains { $0.contains("403") } && first.contains { $0.contains("reset") } && first.contains { $0.contains("503") })
    }

    // MARK: drift

    @Test func driftChangesDescribeAndItsLastModified() throws {
        let org = try Self.org()
        let first = org.call(.get, "/services/data/v59.0/sobjects/Account/describe")
        let lastModified = try #require(first.response.headers["Last-Modified"])
        #expect(org.call(.get, "/services/data/v59.0/sobjects/Account/describe", headers: ["If-Modified-Since": lastModified]).status == 304)
        org.clock.advance(by: 2)
        try org.fake.inject(Self.drift(#""change":"addField","object":"Account","field":{"name":"Churn_Risk__c","type":"picklist","picklistValues":[{"value":"Low"},{"value":"High"}]},"backfill":"Low""#))
        let after = org.call(.get, "/services/data/v59.0/sobjects/Account/describe", headers: ["If-Modified-Since": lastModified])
        #expect(after.status == 200)
        let field = after.json["fields"]?.arrayValue?.first { $0["name"] == "Churn_Risk__c" }
        #expect(field?["custom"] == true && field?["type"] == "picklist")
        #expect(org.call(.get, "/services/data/v59.0/sobjects", headers: ["If-Modified-Since": lastModified]).status == 200, "describeGlobal too")
        let rows = org.query("SELECT Churn_Risk__c FROM Account").json["records"]?.arrayValue ?? []
        #expect(!rows.isEmpty && rows.allSatisfy { $0["Churn_Risk__c"] == "Low" }, "backfilled")
    }

    @Test func aDeletedFieldFailsWritesAndQueriesAsSalesforceDoes() throws {
        let org = try Self.org()
        let acme = org.fake.seededIDs["globex"] ?? ""
        try org.fake.inject(Self.drift(#""change":"deleteField","object":"Account","field":"Region__c""#))
        let update = org.call(.patch, "/services/data/v59.0/sobjects/Account/\(acme)", json: ["Region__c": "EMEA"])
        #expect(update.status == 400)
        #expect(update.json == [["message": "No such column 'Region__c' on sobject of type Account", "errorCode": "INVALID_FIELD"]])
        let create = org.call(.post, "/services/data/v59.0/sobjects/Account", json: ["Name": "New", "Region__c": "EMEA"])
        #expect(create.status == 400 && create.errorCode == "INVALID_FIELD")
        let query = org.query("SELECT Id, Region__c FROM Account")
        #expect(query.status == 400 && query.errorCode == "INVALID_FIELD")
        #expect(query.message?.contains("No such column 'Region__c' on entity 'Account'") == true, "\(query.message ?? "")")
        #expect(throws: FaultError("Account.Id is a system field; drift cannot change it")) {
            try org.fake.inject(Self.drift(#""change":"deleteField","object":"Account","field":"Id""#))
        }
    }

    @Test func renamesRetypesPicklistsRulesAndRequiredFields() throws {
        let org = try Self.org()
        let acme = org.fake.seededIDs["globex"] ?? ""
        let region = org.call(.get, "/services/data/v59.0/sobjects/Account/\(acme)").json["Region__c"]
        try org.fake.inject(Self.drift(#""change":"renameField","object":"Account","field":"Region__c","newName":"Sales_Region__c""#))
        #expect(org.call(.get, "/services/data/v59.0/sobjects/Account/\(acme)").json["Sales_Region__c"] == region)
        try org.fake.inject(Self.drift(#""change":"changeFieldType","object":"Account","field":"NumberOfEmployees","fieldType":"string","length":20"#))
        #expect(org.call(.patch, "/services/data/v59.0/sobjects/Account/\(acme)", json: ["NumberOfEmployees": "about fifty"]).status == 204)
        try org.fake.inject(Self.drift(#""change":"deactivatePicklistValue","object":"Opportunity","field":"StageName","value":"Prospecting""#))
        let stage = org.call(.get, "/services/data/v59.0/sobjects/Opportunity/describe").json["fields"]?.arrayValue?.first { $0["name"] == "StageName" }
        #expect(stage?["picklistValues"]?.arrayValue?.first { $0["value"] == "Prospecting" }?["active"] == false)
        let refused = org.call(.post, "/services/data/v59.0/sobjects/Opportunity", json: ["Name": "D", "StageName": "Prospecting", "CloseDate": "2027-01-01"])
        #expect(refused.errorCode == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")
        try org.fake.inject(Self.drift(#""change":"addPicklistValue","object":"Opportunity","field":"StageName","value":{"value":"Discovery","label":"Discovery","probability":5}"#))
        #expect(org.call(.post, "/services/data/v59.0/sobjects/Opportunity", json: ["Name": "D", "StageName": "Discovery", "CloseDate": "2027-01-01"]).status == 201)
        try org.fake.inject(Self.drift(#""change":"addValidationRule","object":"Account","rule":{"name":"Website_Needed","errorMessage":"Partners need a website.","errorField":"Website","condition":{"and":{"_0":[{"equals":{"field":"IsPartner","value":true}},{"isBlank":{"field":"Website"}}]}}}"#))
        let rule = org.call(.post, "/services/data/v59.0/sobjects/Account", json: ["Name": "P", "IsPartner": true])
        #expect(rule.errorCode == "FIELD_CUSTOM_VALIDATION_EXCEPTION" && rule.message == "Partners need a website.")
        try org.fake.inject(Self.drift(#""change":"addRequiredField","object":"Account","field":{"name":"Segment__c","type":"string","length":40}"#))
        let required = org.call(.post, "/services/data/v59.0/sobjects/Account", json: ["Name": "Q"])
        #expect(required.errorCode == "REQUIRED_FIELD_MISSING" && required.json.arrayValue?.first?["fields"] == ["Segment__c"])
        let describe = org.call(.get, "/services/data/v59.0/sobjects/Account/describe").json["fields"]?.arrayValue?.first { $0["name"] == "Segment__c" }
        #expect(describe?["nillable"] == false)
    }

    @Test func recordTypesAndObjectsAppear() throws {
        let org = try Self.org()
        let id = try org.fake.inject(Self.drift(#""change":"addRecordType","object":"Opportunity","recordType":{"developerName":"Renewal","name":"Renewal"}"#))
        let recordTypeID = try #require(org.fake.faults.record(id: id)?.result?["recordTypeId"]?.stringValue)
        #expect(recordTypeID.hasPrefix("012"))
        let infos = org.call(.get, "/services/data/v59.0/sobjects/Opportunity/describe").json["recordTypeInfos"]?.arrayValue ?? []
        #expect(infos.contains { $0["developerName"] == "Renewal" && $0["recordTypeId"] == .string(recordTypeID) })
        #expect(org.query("SELECT Id FROM RecordType WHERE DeveloperName = 'Renewal'").json["totalSize"] == 1)
        #expect(org.call(.post, "/services/data/v59.0/sobjects/Opportunity", json: ["Name": "R", "StageName": "Closed Won", "CloseDate": "2027-01-01", "RecordTypeId": .string(recordTypeID)]).status == 201)
        try org.fake.inject(Self.drift(#""change":"addObject","definition":{"name":"Invoice__c","label":"Invoice","keyPrefix":"a0I","fields":[{"name":"Name","type":"string","length":80},{"name":"Total__c","type":"currency"}]}"#))
        #expect(org.call(.get, "/services/data/v59.0/sobjects").json["sobjects"]?.arrayValue?.contains { $0["name"] == "Invoice__c" } == true)
        let created = org.call(.post, "/services/data/v59.0/sobjects/Invoice__c", json: ["Name": "INV-1", "Total__c": 99.5])
        #expect(created.status == 201 && created.json["id"]?.stringValue?.hasPrefix("a0I") == true)
        #expect(org.query("SELECT Name, Total__c, CreatedDate FROM Invoice__c").json["totalSize"] == 1, "system fields were added")
    }

    // MARK: auth

    @Test func expiredSessionsAnswerAsSalesforceAndARefreshWorks() throws {
        let org = try Self.org()
        let login = org.call(
            .post, "/services/oauth2/token", form: "grant_type=password&client_id=test-client&client_secret=s3cret&username=\(try Self.username(org))&password=test-password&scope=api+refresh_token",
            authorized: false)
        let access = try #require(login.json["access_token"]?.stringValue)
        let refresh = try #require(login.json["refresh_token"]?.stringValue)
        #expect(org.call(.get, "/services/data/v59.0/limits", token: access).status == 200)
        try org.fake.inject(.auth(AuthFault(action: .expireTokens)))
        let expired = org.call(.get, "/services/data/v59.0/limits", token: access)
        #expect(expired.status == 401 && expired.json == [["message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"]])
        #expect(expired.response.headers["WWW-Authenticate"] == "Token")
        let renewed = org.call(.post, "/services/oauth2/token", form: "grant_type=refresh_token&client_id=test-client&refresh_token=\(refresh)", authorized: false)
        let fresh = try #require(renewed.json["access_token"]?.stringValue)
        #expect(org.call(.get, "/services/data/v59.0/limits", token: fresh).status == 200)
        #expect(org.fake.requestLog.entries.last?.credential == "test-client")
        try org.fake.inject(.auth(AuthFault(action: .revoke, refreshToken: refresh)))
        #expect(org.call(.get, "/services/data/v59.0/limits", token: fresh).status == 401, "tokens issued from a revoked refresh token go with it")
        let again = org.call(.post, "/services/oauth2/token", form: "grant_type=refresh_token&refresh_token=\(refresh)", authorized: false)
        #expect(again.status == 400 && again.json["error"] == "invalid_grant")
        #expect(org.fake.requestLog.entries.last(where: { $0.status == 401 })?.credential == "test-client", "named when first seen, revoked or not")
        #expect(org.call(.get, "/services/data/v59.0/limits", token: "forged").status == 401)
        #expect(org.fake.requestLog.entries.last?.credential == RequestLog.fingerprint("forged"))
    }

    @Test func rotatedSecretsAndRevokedApps() throws {
        let org = try Self.org()
        let id = try org.fake.inject(.auth(AuthFault(action: .rotateSecret)))
        let secret = try #require(org.fake.faults.record(id: id)?.result?["clientSecret"]?.stringValue)
        let old = org.call(.post, "/services/oauth2/token", form: "grant_type=client_credentials&client_id=test-client&client_secret=s3cret", authorized: false)
        #expect(old.status == 400 && old.json["error"] == "invalid_client")
        #expect(org.call(.post, "/services/oauth2/token", form: "grant_type=client_credentials&client_id=test-client&client_secret=\(secret)", authorized: false).status == 200)
        #expect(org.call(.get, "/services/data/v59.0/limits").status == 200, "issued tokens keep working after a rotation")
        try org.fake.inject(.auth(AuthFault(action: .revoke, clientId: "test-client")))
        #expect(org.call(.get, "/services/data/v59.0/limits").status == 401)
        #expect(throws: FaultError("no connected app 'nobody'")) { try org.fake.inject(.auth(AuthFault(action: .revoke, clientId: "nobody"))) }
    }

    // MARK: versions

    @Test func retiredVersionsAreGoneAndUnlisted() throws {
        let org = try Self.org()
        try org.fake.inject(.retireVersions(VersionRetirementFault(below: "v45.0")))
        let gone = org.call(.get, "/services/data/v44.0/sobjects")
        #expect(gone.status == 410 && gone.errorCode == "UNSUPPORTED_API_VERSION")
        #expect(org.call(.get, "/services/data/v44.0/query?q=SELECT+Id+FROM+Account", authorized: false).status == 410, "before the session check")
        #expect(org.call(.get, "/services/data/v45.0/sobjects").status == 200)
        let versions = org.call(.get, "/services/data", authorized: false).json.arrayValue?.compactMap { $0["version"]?.stringValue } ?? []
        #expect(versions.first == "45.0" && versions.last == "62.0")
        #expect(throws: FaultError.self) { try org.fake.inject(.retireVersions(VersionRetirementFault(below: "63.0"))) }
        #expect(org.fake.faults.records.map(\.state) == [.applied, .failed])
    }

    static func username(_ org: SalesforceTestOrg) throws -> String {
        let user = try #require(org.fake.store.records(of: "User").first)
        return try #require(user["Username"].stringValue).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
