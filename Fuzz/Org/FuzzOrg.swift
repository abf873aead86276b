// libFuzzer entry point for org files (Fakes/FakeCRM/Org/), built by run.sh
// with the loader's own source files and the FakeKit parts it uses (see Fuzz/README.md).
//
// Oracle besides "no crash": any bytes give either an org or an error that
// names this file and says what is wrong where: a syntax error at a line and
// column, or problems each of the form `json.path: what is wrong`. An org
// that loads is seeded into a record store of its own schema, which either
// creates its records or refuses with an error; it never traps.

import Foundation

/// SwiftPM generates `Bundle.module` for a target with resources; this build
/// loads no bundled org, so the main bundle stands in.
extension Bundle {
    static let module = Bundle.main
}

private let file = "fuzz/org.json"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOrg(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let org: OrgDefinition
    do {
        org = try OrgDefinition.load(data: Data(UnsafeBufferPointer(start: data, count: size)), file: file)
    } catch let error as JSONFileError {
        precondition(error.file == file && error.syntax.line >= 1 && error.syntax.column >= 1 && !error.syntax.message.isEmpty, "\(error)")
        return 0
    } catch let error as OrgFileError {
        precondition(error.file == file && !error.problems.isEmpty, "an org error without a problem: \(error)")
        for problem in error.problems {
            let parts = problem.split(separator: ": ", maxSplits: 1, omittingEmptySubsequences: false)
            precondition(parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty, "a problem not of the form PATH: what is wrong: '\(problem)'")
        }
        return 0
    } catch {
        preconditionFailure("an error of no known kind: \(error)")
    }
    let store = RecordStore(system: "crm", schema: org.schema, journal: Journal(system: "crm", clock: JournalClock()), ids: SequentialIDGenerator())
    _ = try? org.seed(into: store)
    return 0
}
