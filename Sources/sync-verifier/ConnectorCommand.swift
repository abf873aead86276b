import CommandLineKit
import Foundation
import ReferenceConnectors

/// `sync-verifier connector NAME`: runs a bundled reference connector as its
/// own process, from the contract's SV_* variables. `run` starts it this way.
enum ConnectorCommand {
    static let spec = CommandSpec(
        name: "connector",
        abstract: "Run a bundled reference connector (mirror, fieldmap, nightly) from the SV_* variables.",
        discussion: """
            The harness starts bundled connectors this way; you can too, against `sync-verifier serve`:
            `sync-verifier serve --env > serve.env &`, then `. ./serve.env` and `sync-verifier connector mirror`.
            Stops on SIGTERM or Ctrl-C.
            """,
        positionals: "NAME",
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard arguments.positionals.count == 1, let name = arguments.positionals.first else {
            throw UsageError("connector: give one name (\(ReferenceConnector.names.joined(separator: ", ")))")
        }
        guard ReferenceConnector.names.contains(name) else {
            throw UsageError("connector: no bundled connector '\(name)' (known: \(ReferenceConnector.names.joined(separator: ", ")))")
        }
        return ReferenceConnector.run(name)
    }
}
