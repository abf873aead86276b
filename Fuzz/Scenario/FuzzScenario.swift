// libFuzzer entry point for scenario files: the loader's decoder and
// validator (Sources/SyncVerifier/Scenario/, scenario@1 and @2), built by run.sh (see Fuzz/README.md).
//
// Oracle besides "no crash": any bytes give either a scenario with no issue
// or at least one issue, each of the form `FILE: json.path: what is wrong`
// (or `FILE:LINE:COLUMN: what is wrong` when the bytes are not JSON), naming
// this file, with a path and a message; a scenario that loads cleanly has a
// name and names checklist items.

import Foundation
import SyncVerifier

// Its folder does not exist, so an org or program the input names by a relative path is no file.
private let file = "/nonexistent-fuzz-folder/scenario.json"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let (scenario, issues) = ScenarioLoader.load(data: Data(UnsafeBufferPointer(start: data, count: size)), file: file)
    for issue in issues {
        precondition(issue.file == file, "an issue names another file: \(issue)")
        precondition(!issue.message.isEmpty, "an issue without a message: \(issue)")
        if issue.line != nil || issue.column != nil {
            precondition((issue.line ?? 0) >= 1 && (issue.column ?? 0) >= 1 && issue.path == "$", "a syntax issue out of place: \(issue)")
        } else {
            precondition(!issue.path.isEmpty && !issue.path.hasPrefix(".") && !issue.path.hasSuffix("."), "an issue with a malformed path: \(issue)")
        }
        precondition(issue.description.hasPrefix(file + ":"), "an issue not of the form FILE: …: \(issue.description)")
    }
    if issues.isEmpty {
        guard let scenario else { preconditionFailure("neither a scenario nor an issue") }
        precondition(!scenario.name.isEmpty && !scenario.checklist.isEmpty, "a clean scenario without a name or checklist")
    }
    return 0
}
