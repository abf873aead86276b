import CommandLineKit
import Foundation
import SyncVerifier

/// `sync-verifier check --connector …`: does it start and talk to both systems?
enum CheckCommand {
    static let spec = CommandSpec(
        name: "check",
        abstract:
            "Start the connector once in a small world and say in seconds whether it starts, answers /health and talks to both systems.",
        discussion: """
            No scenario is played: the fakes serve the bundled partner-channel org and the default program, the
            connector gets the contract's variables as in a run, and its requests to the CRM and the PRM are
            read from the fakes' request logs. On a failure the last lines of its standard error are shown.
            Exit code 0 when every check passed, 1 when one failed, 2 on a usage error.
            """,
        positionals: "",
        options: [
            OptionSpec("--connector", .value(name: "NAME|MANIFEST"), help: "The connector to check (default mirror)."),
            OptionSpec("--seconds", .value(name: "N"), help: "How long to wait for its first requests (default 10)."),
        ],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let manifest = try SharedOptions.connector(arguments)
        let seconds = try arguments.integer("--seconds", in: 1...600) ?? 10
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sync-verifier-check-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let signals = StopSignals.install()
        defer { withExtendedLifetime(signals) {} }
        TerminalReporter.standardOutput("Checking \(manifest.name) (\(manifest.command.joined(separator: " ")))\n")
        let outcome = ConnectorCheck(manifest: manifest, watchSeconds: Double(seconds)).run(in: folder)
        let findings = outcome.findings
        for finding in findings {
            TerminalReporter.standardOutput(
                "  \((finding.passed ? "ok" : "FAIL").padding(toLength: 5, withPad: " ", startingAt: 0)) \(finding.name): \(finding.detail)\n"
            )
        }
        if let tail = outcome.stderrTail {
            TerminalReporter.standardOutput(
                "  Its standard error ends:\n" + tail.split(separator: "\n").map { "    \($0)\n" }.joined())
        }
        if let code = RunInterruption.shared.exitCode { return code }
        let failed = findings.filter { !$0.passed }.count
        TerminalReporter.standardOutput(
            failed == 0 ? "All checks passed.\n" : "\(failed) of \(findings.count) checks failed.\n")
        return failed == 0 ? 0 : 1
    }
}
