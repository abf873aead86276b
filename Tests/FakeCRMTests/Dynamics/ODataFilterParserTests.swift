import FakeKit
import Testing

@testable import FakeCRM

/// `$filter` read and evaluated as Dataverse does, and refused with the OData library's messages.
@Suite(.tags(.inMemory)) struct ODataFilterParserTests {
    static let types: [String: ODataType] = [
        "name": .string, "revenue": .decimal, "numberofemployees": .int32, "sv_ispartner": .boolean, "createdon": .dateTimeOffset,
        "_parentaccountid_value": .guid, "industrycode": .int32,
    ]
    static let row: [String: JSONValue] = [
        "name": "Contoso Ltd", "revenue": 1_500_000.5, "numberofemployees": 120, "sv_ispartner": true, "createdon": "2026-03-01T10:00:00Z",
        "_parentaccountid_value": .null, "industrycode": 33,
    ]

    func parse(_ text: String) throws(ODataSyntaxError) -> ODataFilter {
        var parser = ODataFilterParser(typeName: "Microsoft.Dynamics.CRM.account") { Self.types[$0] }
        return try parser.parse(text)
    }

    @Test(arguments: [
        ("name eq 'contoso ltd'", true),
        ("name ne 'Contoso Ltd'", false),
        ("numberofemployees gt 100 and numberofemployees le 120", true),
        ("revenue lt 1000000 or (sv_ispartner eq true and industrycode eq 33)", true),
        ("not (numberofemployees ge 121)", true),
        ("contains(name,'toso') and startswith(name,'CON') and endswith(name,'ltd')", true),
        ("_parentaccountid_value eq null", true),
        ("_parentaccountid_value ne null", false),
        ("name eq 'O''Brien'", false),
        ("createdon gt 2026-02-28T00:00:00Z and createdon lt 2026-03-02", true),
        ("_parentaccountid_value eq 00000000-0000-0000-0000-000000000001", false),
        ("numberofemployees gt null", false),
        ("sv_ispartner", true),
    ])
    func validExpressionsMatch(text: String, expected: Bool) throws {
        let filter = try parse(text)
        #expect(filter.matches { Self.row[$0] ?? .null } == expected, "\(text)")
    }

    @Test func andBindsTighterThanOr() throws {
        #expect(try parse("name eq 'a' or name eq 'b' and numberofemployees eq 1") == .or(
            .compare(.eq, .property("name"), .literal("a", .string)),
            .and(.compare(.eq, .property("name"), .literal("b", .string)), .compare(.eq, .property("numberofemployees"), .literal(1, .int32)))))
    }

    @Test(arguments: [
        ("name eq 'open", "There is an unterminated string literal at position 13 in 'name eq 'open'."),
        ("name eq", "Expression expected at position 7 in 'name eq'."),
        ("name eq 'a' an numberofemployees eq 1", "Syntax error at position 12 in 'name eq 'a' an numberofemployees eq 1'."),
        ("(name eq 'a'", "')' or operator expected at position 12 in '(name eq 'a''."),
        ("nmae eq 'a'", "Could not find a property named 'nmae' on type 'Microsoft.Dynamics.CRM.account'."),
        ("name eq 5", "A binary operator with incompatible types was detected. Found operand types 'Edm.String' and 'Edm.Int32' for operator kind 'Equal'."),
        ("substringof('a',name)", "An unknown function with name 'substringof' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed."),
        ("name eq 'a' # 1", "Syntax error: character '#' is not valid at position 12 in 'name eq 'a' # 1'."),
        ("contains(numberofemployees,'1')", "No function signature for the function with name 'contains' matches the specified arguments. The function signatures considered are: contains(Edm.String Nullable=true, Edm.String Nullable=true)."),
    ])
    func malformedExpressionsAreRefused(text: String, message: String) {
        #expect(throws: ODataSyntaxError(message: message)) { try parse(text) }
    }

    /// A connection thread has a 1 MiB stack: thousands of `(` or `not` in a
    /// URL must be a refusal, not a stack overflow that takes the fake down.
    @Test func deeplyNestedExpressionsAreRefusedNotACrash() throws {
        let limit = ODataFilterParser.maximumNesting
        let atLimit = String(repeating: "(", count: limit) + "name eq 'a'" + String(repeating: ")", count: limit)
        #expect(try parse(atLimit) == .compare(.eq, .property("name"), .literal("a", .string)))
        let refusal = ODataSyntaxError(message: "The recursion limit has been exceeded.")
        #expect(throws: refusal) { try parse(String(repeating: "(", count: 5000) + "name eq 'a'" + String(repeating: ")", count: 5000)) }
        #expect(throws: refusal) { try parse(String(repeating: "not ", count: 5000) + "sv_ispartner") }
        #expect(try parse(String(repeating: "not ", count: limit) + "sv_ispartner").matches { Self.row[$0] ?? .null } == true)
    }
}
