import FakeKit
import Foundation
import Testing

@testable import FakeCRM

/// SOQL through the REST API: results of valid queries and the exact errors of malformed ones.
@Suite(.tags(.inMemory)) struct SOQLTests {
    /// The partner-channel org (4 accounts, 3 contacts, 2 opportunities) plus five accounts.
    static let org: SalesforceTestOrg = {
        let org = try! SalesforceTestOrg()
        org.create("Account", ["Name": "Acme Corp", "Industry": "Technology", "AnnualRevenue": 1_000_000, "Partner_Tier__c": "Gold", "Region__c": "EMEA"])
        org.create("Account", ["Name": "acme labs", "Industry": "Technology", "AnnualRevenue": 200, "Region__c": "AMER"])
        org.create("Account", ["Name": "Zeta Partners", "IsPartner": true, "Partner_Tier__c": "Platinum"])
        org.create("Account", ["Name": "O'Brien & Sons", "Industry": "Retail"])
        org.create("Account", ["Name": "Null Industries"])
        return org
    }()

    @Test(arguments: [
        ("SELECT Id FROM Account", 9),
        ("select id from account", 9),
        ("SELECT Id FROM Account WHERE Name = 'Acme Corp'", 1),
        ("SELECT Id FROM Account WHERE Name = 'ACME CORP'", 1),
        ("SELECT Id FROM Account WHERE Name != 'Acme Corp'", 8),
        ("SELECT Id FROM Account WHERE Name <> 'Acme Corp'", 8),
        ("SELECT Id FROM Account WHERE Name LIKE 'acme%'", 2),
        ("SELECT Id FROM Account WHERE Name LIKE '%Partners%'", 2),
        ("SELECT Id FROM Account WHERE Name LIKE '_nitech'", 1),
        ("SELECT Id FROM Account WHERE Name LIKE 'O\\'Brien%'", 1),
        ("SELECT Id FROM Account WHERE Name LIKE '%'", 9),
        ("SELECT Id FROM Account WHERE NOT Name LIKE 'a%'", 7),
        ("SELECT Id FROM Account WHERE Industry = null", 4),
        ("SELECT Id FROM Account WHERE Industry != null", 5),
        // An indexed external id compared with null scans (the index holds values only).
        ("SELECT Id FROM Account WHERE PRM_Partner_Id__c = null", 9),
        ("SELECT Id FROM Account WHERE Industry IN ('Technology', 'Retail')", 4),
        ("SELECT Id FROM Account WHERE Industry NOT IN ('Technology')", 6),
        ("SELECT Id FROM Account WHERE AnnualRevenue > 500000", 2),
        ("SELECT Id FROM Account WHERE AnnualRevenue >= 200 AND AnnualRevenue < 1000000", 1),
        ("SELECT Id FROM Account WHERE AnnualRevenue <= 200", 1),
        ("SELECT Id FROM Account WHERE AnnualRevenue = 200.0", 1),
        ("SELECT Id FROM Account WHERE IsPartner = true", 3),
        ("SELECT Id FROM Account WHERE IsPartner = FALSE", 6),
        ("SELECT Id FROM Account WHERE Partner_Tier__c = 'Gold'", 2),
        ("SELECT Id FROM Account WHERE (Industry = 'Technology' OR Industry = 'Retail') AND Region__c = 'EMEA'", 1),
        ("SELECT Id FROM Account WHERE Industry = 'Technology' OR (IsPartner = true AND Partner_Tier__c = 'Gold')", 4),
        ("SELECT Id FROM Account WHERE NOT (Industry = 'Technology')", 6),
        ("SELECT Id FROM Contact WHERE Name = 'Hank Scorpio'", 1),
        ("SELECT Id FROM Account WHERE CreatedDate = TODAY", 9),
        ("SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:1", 9),
        ("SELECT Id FROM Account WHERE CreatedDate = THIS_YEAR", 9),
        ("SELECT Id FROM Account WHERE CreatedDate = THIS_MONTH", 9),
        ("SELECT Id FROM Account WHERE CreatedDate < TODAY", 0),
        ("SELECT Id FROM Account WHERE CreatedDate > TODAY", 0),
        ("SELECT Id FROM Account WHERE CreatedDate >= TODAY", 9),
        ("SELECT Id FROM Account WHERE CreatedDate = LAST_YEAR", 0),
        ("SELECT Id FROM Account WHERE CreatedDate = NEXT_N_DAYS:3", 0),
        ("SELECT Id FROM Account WHERE CreatedDate > 2020-01-01T00:00:00Z", 9),
        ("SELECT Id FROM Account WHERE CreatedDate > 2020-01-01T00:00:00.000+0100", 9),
        ("SELECT Id FROM Account WHERE CreatedDate < 2020-01-01T00:00:00-05:00", 0),
        ("SELECT Id FROM Account WHERE SystemModstamp > 2020-01-01T00:00:00Z", 9),
        ("SELECT Id FROM Account ORDER BY Name LIMIT 1", 1),
        ("SELECT Id FROM Account ORDER BY Name OFFSET 8", 1),
        ("SELECT Id FROM Account LIMIT 0", 0),
        ("SELECT Id FROM Account ORDER BY Industry NULLS LAST, Name DESC LIMIT 3", 3),
        ("SELECT Id, Account.Name FROM Contact WHERE Account.Name = 'Globex Corporation'", 1),
        ("SELECT Id FROM Contact WHERE Account.Owner.LastName = 'Seller'", 2),
        ("SELECT Id FROM Contact WHERE Account.IsPartner = true", 1),
        ("SELECT Id FROM Contact WHERE Certifications__c INCLUDES ('Technical Specialist')", 1),
        ("SELECT Id FROM Contact WHERE Certifications__c INCLUDES ('Sales Fundamentals;Technical Specialist')", 1),
        ("SELECT Id FROM Contact WHERE Certifications__c INCLUDES ('Implementation Expert', 'Sales Fundamentals')", 1),
        ("SELECT Id FROM Contact WHERE Certifications__c EXCLUDES ('Technical Specialist')", 2),
        ("SELECT Id FROM Opportunity WHERE StageName = 'Closed Won'", 0),
        ("SELECT Id FROM Opportunity WHERE IsClosed = false", 2),
        ("SELECT Id FROM Opportunity WHERE Amount > 100000", 1),
        ("SELECT Id FROM Opportunity WHERE CloseDate > 2026-12-31", 1),
        ("SELECT Id FROM Opportunity WHERE CloseDate = 2026-12-15", 1),
        ("SELECT Id FROM Opportunity WHERE CloseDate >= 2026-12-15 AND CloseDate <= 2027-02-01", 2),
        ("SELECT Id FROM Opportunity WHERE Probability > 50", 1),
        ("SELECT Id FROM Opportunity WHERE RecordType.DeveloperName = 'Direct_Deal'", 2),
        ("SELECT Id FROM RecordType WHERE SobjectType = 'Opportunity'", 2),
        ("SELECT Id FROM User WHERE IsActive = true", 4),
        ("SELECT Id FROM Lead WHERE Status = 'Open - Not Contacted'", 1),
        ("SELECT Id FROM MDF_Request__c", 0),
    ])
    func validQueries(soql: String, count: Int) {
        let reply = Self.org.query(soql)
        #expect(reply.status == 200, "\(soql): \(reply.text)")
        #expect(reply.json["totalSize"]?.intValue == count, "\(soql)")
        #expect(reply.json["records"]?.arrayValue?.count == count)
    }

    @Test func countReturnsNoRows() {
        let reply = Self.org.query("SELECT COUNT() FROM Account WHERE Industry = 'Technology'")
        #expect(reply.json["totalSize"] == 3)
        #expect(reply.json["records"] == [])
        #expect(reply.json["done"] == true)
    }

    @Test func rowsHaveAttributesAndSelectedFieldsInOrder() {
        let reply = Self.org.query("SELECT name, Industry, Account.Name FROM Contact WHERE LastName = 'Scorpio'")
        let named = Self.org.query("SELECT name, Account.Name FROM Contact WHERE LastName = 'Scorpio'")
        // Fields come back in SELECT order, under the schema's spelling, after `attributes`.
        #expect(named.text.contains(#"{"attributes":{"type":"Contact","url":"/services/data/v59.0/sobjects/Contact/"#))
        #expect(named.text.contains(#""Name":"Hank Scorpio","Account":{"attributes":{"type":"Account""#))
        #expect(reply.text.contains(#""Name":"Hank Scorpio","Industry""#) == false, "Contact has no Industry")
        #expect(reply.errorCode == "INVALID_FIELD")
        let ok = Self.org.query("SELECT lastname, Account.name FROM Contact WHERE LastName = 'Scorpio'")
        let row = ok.json["records"]?.arrayValue?.first
        #expect(row?["LastName"] == "Scorpio")
        #expect(row?["Account"]?["Name"] == "Globex Corporation")
        let missingParent = Self.org.query("SELECT Account.Name FROM Lead LIMIT 1")
        #expect(missingParent.status == 400, "Lead has no Account relationship")
    }

    @Test func orderingFollowsSalesforceRules() {
        let names = Self.org.query("SELECT Name FROM Account WHERE Name LIKE 'a%' OR Name LIKE 'z%' ORDER BY Name DESC")
            .json["records"]?.arrayValue?.compactMap { $0["Name"]?.stringValue }
        #expect(names == ["Zeta Partners", "acme labs", "Acme Corp"])
        let nullsFirst = Self.org.query("SELECT Industry FROM Account ORDER BY Industry LIMIT 1").json["records"]?.arrayValue?.first
        #expect(nullsFirst?["Industry"] == .null, "ascending puts nulls first by default")
    }

    @Test func idsMatchIn15And18CharacterForms() {
        let id = Self.org.query("SELECT Id FROM Account WHERE Name = 'Acme Corp'").json["records"]?.arrayValue?.first?["Id"]?.stringValue ?? ""
        #expect(Self.org.query("SELECT Id FROM Account WHERE Id = '\(id.prefix(15))'").json["totalSize"] == 1)
        #expect(Self.org.query("SELECT Id FROM Account WHERE Id IN ('\(id)', '001000000000000AAA')").json["totalSize"] == 1)
    }

    @Test func queryAllIncludesDeletedRecords() {
        let org = try! SalesforceTestOrg()
        let id = org.create("Lead", ["LastName": "Gone", "Company": "Bin"])
        _ = org.call(.delete, "/services/data/v59.0/sobjects/Lead/\(id)")
        #expect(org.query("SELECT Id FROM Lead WHERE Company = 'Bin'").json["totalSize"] == 0)
        #expect(org.query("SELECT Id, IsDeleted FROM Lead WHERE Company = 'Bin'", all: true).json["records"]?.arrayValue?.first?["IsDeleted"] == true)
    }

    /// Found by Fuzz/SOQL: about 1,900 nested `(` overflowed the stack (a
    /// connection thread has 1 MiB). Nesting is refused past 100 levels.
    @Test func deeplyNestedConditionsAreRefusedNotACrash() throws {
        func nested(_ levels: Int, _ opener: String) -> String {
            let closer = opener == "(" ? ")" : ""
            return "SELECT Id FROM Account WHERE " + String(repeating: opener, count: levels) + "Name = 'a'" + String(repeating: closer, count: levels)
        }
        #expect((try? SOQLParser.parse(nested(SOQLParser.maximumNesting, "("))) != nil)
        #expect((try? SOQLParser.parse(nested(SOQLParser.maximumNesting, "NOT "))) != nil)
        for (levels, opener) in [(SOQLParser.maximumNesting + 1, "("), (SOQLParser.maximumNesting + 1, "NOT "), (5_000, "("), (5_000, "NOT (")] {
            do {
                _ = try SOQLParser.parse(nested(levels, opener))
                Issue.record("\(levels) × '\(opener)' parsed")
            } catch {
                #expect(error.errorCode == "MALFORMED_QUERY" && error.message.contains("nested deeper than 100 levels"), "\(error)")
            }
        }
    }

    @Test(arguments: [
        ("SELECT Id FORM Account", "MALFORMED_QUERY", "\nSELECT Id FORM Account\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FORM'"),
        ("SELECT FROM Account", "MALFORMED_QUERY", "\nSELECT FROM Account\n       ^\nERROR at Row:1:Column:8\nunexpected token: 'FROM'"),
        ("SELECT Id FROM", "MALFORMED_QUERY", "\nSELECT Id FROM\n              ^\nERROR at Row:1:Column:15\nunexpected token: <EOF>"),
        ("SELECT Nme FROM Account", "INVALID_FIELD", "\nSELECT Nme FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Nme' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."),
        ("SELECT Id FROM Acount", "INVALID_TYPE", "\nSELECT Id FROM Acount\n               ^\nERROR at Row:1:Column:16\nsObject type 'Acount' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."),
        ("SELECT Acount.Name FROM Contact", "INVALID_FIELD", "\nSELECT Acount.Name FROM Contact\n       ^\nERROR at Row:1:Column:8\nDidn't understand relationship 'Acount' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names."),
        ("SELECT Id FROM Account WHERE Name = 5", "INVALID_FIELD", "\nSELECT Id FROM Account WHERE Name = 5\n                             ^\nERROR at Row:1:Column:30\nvalue of filter criterion for field 'Name' must be of type string and should be enclosed in quotes"),
        ("SELECT Id FROM Account WHERE AnnualRevenue = '5'", "INVALID_FIELD", "\nSELECT Id FROM Account WHERE AnnualRevenue = '5'\n                             ^\nERROR at Row:1:Column:30\nvalue of filter criterion for field 'AnnualRevenue' must be of type double and should not be enclosed in quotes"),
        ("SELECT Id FROM Account WHERE IsPartner = 'true'", "INVALID_FIELD", nil),
        ("SELECT Id FROM Account WHERE CreatedDate = '2024-01-01'", "INVALID_FIELD", nil),
        ("SELECT Id FROM Account WHERE Name = 'a' AND Industry = 'b' OR Type = 'c'", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account WHERE Name = 'a' OR Industry = 'b' AND Type = 'c'", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account LIMIT -1", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account OFFSET 2001", "NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is 2000"),
        ("SELECT Id FROM Account WHERE Name = 'unterminated", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account WHERE Name LIKE 5", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account WHERE Industry INCLUDES ('x')", "INVALID_FIELD", nil),
        ("SELECT Id FROM Account ORDER BY Nme", "INVALID_FIELD", nil),
        ("SELECT Id, (SELECT Id FROM Contacts) FROM Account", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account WHERE CreatedDate = SOMEDAY", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account WHERE Name ! 'x'", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account WHERE Name = 'a\\qb'", "MALFORMED_QUERY", nil),
        ("DELETE FROM Account", "MALFORMED_QUERY", "\nDELETE FROM Account\n^\nERROR at Row:1:Column:1\nunexpected token: 'DELETE'"),
        ("SELECT Id FROM Account LIMIT", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account WHERE", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account WHERE (Name = 'a'", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account WHERE Name = 'a')", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account GROUP BY Name", "MALFORMED_QUERY", nil),
        ("SELECT Id,, Name FROM Account", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Opportunity WHERE CloseDate > 2024-13-45", "INVALID_FIELD", nil),
        ("SELECT Id FROM Account WHERE NOT", "MALFORMED_QUERY", nil),
        ("SELECT COUNT( FROM Account", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account ORDER BY Name NULLS MIDDLE", "MALFORMED_QUERY", nil),
        ("SELECT Id FROM Account WHERE Name = 'x'\nAND Industr = 'y'", "INVALID_FIELD", "\nAND Industr = 'y'\n    ^\nERROR at Row:2:Column:5\nNo such column 'Industr' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."),
    ] as [(String, String, String?)])
    func malformedQueries(soql: String, code: String, message: String?) {
        let reply = Self.org.query(soql)
        #expect(reply.status == 400, "\(soql)")
        #expect(reply.errorCode == code, "\(soql): \(reply.text)")
        if let message { #expect(reply.message == message) }
    }

    @Test func emptyQueryIsRefused() {
        let reply = Self.org.call(.get, "/services/data/v59.0/query?q=")
        #expect(reply.errorCode == "MALFORMED_QUERY")
        #expect(reply.message == "A query string has to be specified")
    }

    @Test func likeMatcher() {
        #expect(SOQLEngine.like("Acme Corp", "acme%"))
        #expect(SOQLEngine.like("100%", "100\\%"))
        #expect(!SOQLEngine.like("1000", "100\\%"))
        #expect(SOQLEngine.like("a_c", "a\\_c"))
        #expect(!SOQLEngine.like("abc", "a\\_c"))
        #expect(SOQLEngine.like("abc", "%b%"))
        #expect(!SOQLEngine.like("abc", "b%"))
    }
}
