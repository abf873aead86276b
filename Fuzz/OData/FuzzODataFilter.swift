// libFuzzer entry point for Dataverse's `$filter` lexer and parser
// (Fakes/FakeCRM/Dynamics/Query), built by run.sh with their own source
// files and FakeKit's JSON value (see Fuzz/README.md).
//
// Oracle besides "no crash": a refusal says why, and a position it quotes
// lies inside the expression; an accepted expression evaluates against a
// row without trapping, and spaces around it change neither the verdict
// nor the expression read.

private let types: [String: ODataType] = [
    "name": .string, "revenue": .decimal, "numberofemployees": .int32, "sv_ispartner": .boolean, "createdon": .dateTimeOffset,
    "_parentaccountid_value": .guid, "industrycode": .int32,
]
private let row: [String: JSONValue] = [
    "name": .string("Contoso Ltd"), "revenue": .double(1_500_000.5), "numberofemployees": .int(120), "sv_ispartner": .bool(true),
    "createdon": .string("2026-03-01T10:00:00Z"), "_parentaccountid_value": .null, "industrycode": .int(33),
]

private func parse(_ text: String) -> Result<ODataFilter, ODataSyntaxError> {
    var parser = ODataFilterParser(typeName: "Microsoft.Dynamics.CRM.account") { types[$0] }
    do throws(ODataSyntaxError) {
        return .success(try parser.parse(text))
    } catch {
        return .failure(error)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzODataFilter(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let padded = parse(" " + text + " ")
    switch parse(text) {
    case .success(let filter):
        _ = filter.matches { row[$0] ?? .null }
        guard case .success(let again) = padded else { preconditionFailure("spaces around an accepted expression make it refused: \(text.debugDescription)") }
        precondition(again == filter, "spaces around an expression change what is read: \(text.debugDescription)")
    case .failure(let error):
        precondition(!error.message.isEmpty, "a refusal explains itself")
        if let range = error.message.range(of: "at position ") {
            let digits = error.message[range.upperBound...].prefix { $0.isNumber }
            precondition(Int(digits).map { $0 <= text.count } ?? false, "a position outside the expression: \(error.message)")
        }
        guard case .failure = padded else { preconditionFailure("spaces around a refused expression make it accepted: \(text.debugDescription)") }
    }
    return 0
}
