import CommandLineKit
import Foundation
import SyncVerifier

/// `sync-verifier validate PATH…`: checks scenario files without running them.
enum ValidateCommand {
    static let spec = CommandSpec(
        name: "validate",
        abstract: "Check scenario files and connector manifests: every problem as FILE: json.path: what is wrong.",
        discussion: """
            A PATH is a scenario file or a folder searched recursively for *.json. Unknown keys, wrong
            types, unknown checklist ids, objects or fields the chosen org or program lacks, ${…}
            references to names no earlier step binds, and steps that cannot happen are all errors.
            The files must be strict JSON (no trailing commas, duplicate keys or comments); a syntax
            error is reported as FILE:LINE:COLUMN. A connector manifest (connector.json: a "command"
            and no "format") found among them is checked as a manifest. Org and program files are
            checked through the scenarios that use them.
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
        var issues = result.issues
        for manifest in result.manifests {
            do {
                _ = try ConnectorManifest.load(path: manifest)
            } catch let invalid as ConnectorManifest.Invalid {
                issues += invalid.issues
            }
        }
        for issue in issues { FileHandle.standardError.write(Data((issue.description + "\n").utf8)) }
        if issues.isEmpty {
            var valid = Plural.of(result.scenarios.count, "scenario")
            if !result.manifests.isEmpty { valid += " and " + Plural.of(result.manifests.count, "connector manifest") }
            FileHandle.standardOutput.write(Data("\(valid) valid\n".utf8))
            return 0
        }
        let files = Set(issues.map(\.file)).count
        FileHandle.standardError.write(Data("\(Plural.of(issues.count, "problem")) in \(Plural.of(files, "file"))\n".utf8))
        return 2
    }
}
