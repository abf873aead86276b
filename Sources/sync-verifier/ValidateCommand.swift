import CommandLineKit
import Foundation
import SyncVerifier

/// `sync-verifier validate PATH…`: checks scenario files without running them.
enum ValidateCommand {
    static let spec = CommandSpec(
        name: "validate",
        abstract: "Check scenario files: every problem as FILE: json.path: what is wrong.",
        discussion: """
            A PATH is a scenario file or a folder searched recursively for *.json. Unknown keys, wrong
            types, unknown checklist ids, objects or fields the chosen org or program lacks, ${…}
            references to names no earlier step binds, and steps that cannot happen are all errors.
            Exit code 0 when every file is valid, 2 otherwise.
            """,
        positionals: "PATH…",
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard !arguments.positionals.isEmpty else { throw UsageError("validate: give at least one scenario file or folder") }
        let result: ScenarioLoader.Result
        do {
            result = try ScenarioLoader.load(paths: arguments.positionals)
        } catch {
            throw ExitError(code: 2, "\(error)")
        }
        for issue in result.issues { FileHandle.standardError.write(Data((issue.description + "\n").utf8)) }
        let files = Set(result.issues.map(\.file)).count
        if result.issues.isEmpty {
            FileHandle.standardOutput.write(Data("\(result.scenarios.count) scenarios valid\n".utf8))
            return 0
        }
        FileHandle.standardError.write(Data("\(result.issues.count) problems in \(files) files\n".utf8))
        return 2
    }
}
