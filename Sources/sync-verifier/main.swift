import CommandLineKit
import Foundation
import SyncVerifier

// The command-line entry point: every subcommand lives in its own file and
// is listed in `Commands.all`.
let tool = CommandLineTool(
    name: "sync-verifier",
    version: "sync-verifier \(Harness.version)",
    abstract: "Sync Verifier: a test-and-audit harness for CRM↔PRM sync implementations.",
    commands: Commands.all)
let outcome = tool.run(Array(CommandLine.arguments.dropFirst()))
StandardOutput.write(outcome.standardOutput)
StandardOutput.error(outcome.standardError)
exit(outcome.exitCode)
