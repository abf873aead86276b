import CommandLineKit
import Foundation
import SyncVerifier

/// What `run`, `merge` and `check` share: where the output goes and which connector.
enum SharedOptions {
    static let specs = [
        OptionSpec(
            "--out", .value(name: "DIR"),
            help:
                "Where evidence and reports go; it must be new or empty (default a new folder under sync-verifier-runs/)."
        ),
        OptionSpec("--force", help: "Empty an existing --out folder first."),
    ]

    /// `--out` (refused when not empty, unless `--force`), else a new run folder.
    static func folder(_ arguments: ParsedArguments) throws -> URL {
        do {
            if let given = arguments.value("--out") {
                return try RunFolder.prepare(URL(fileURLWithPath: given), force: arguments.flag("--force"))
            }
            return try RunFolder.allocate(under: URL(fileURLWithPath: "sync-verifier-runs"))
        } catch {
            throw ExitError(code: 2, "\(error)")
        }
    }

    /// Exit 2 when a report or evidence file could not be written: CI must not pass without them.
    static func requireWritten(_ files: FileReporter) throws {
        let problems = files.problems.all
        guard problems.isEmpty else {
            throw ExitError(code: 2, problems.joined(separator: "\n") + "\nthe reports are incomplete")
        }
    }

    /// `--connector`: a bundled connector's name or a manifest (default mirror).
    static func connector(_ arguments: ParsedArguments) throws -> ConnectorManifest {
        do {
            return try BundledConnectors.resolve(arguments.value("--connector") ?? "mirror")
        } catch {
            throw ExitError(code: 2, "\(error)")
        }
    }
}
