// libFuzzer entry point for the SOQL lexer and parser (built by run.sh with
// the parser's own source files; see Fuzz/README.md).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSOQL(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let query = try SOQLParser.parse(text)
        precondition(!query.object.isEmpty, "a parsed query names an object")
    } catch {
        // Every refusal carries a Salesforce error code and a message.
        precondition(["MALFORMED_QUERY", "NUMBER_OUTSIDE_VALID_RANGE"].contains(error.errorCode), "unexpected code \(error.errorCode)")
        precondition(!error.message.isEmpty, "an error explains itself")
    }
    return 0
}
