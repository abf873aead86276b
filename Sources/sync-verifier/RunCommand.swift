import CommandLineKit
import FakeKit
import Foundation
import SyncVerifier

/// `sync-verifier run`: plays scenarios against a connector and scores them.
enum RunCommand {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Run scenarios against a connector and print the scorecard.",
        discussion: """
            With no PATH, runs every scenario under Scenarios/ against the bundled mirror connector.
            --connector takes a bundled connector's name (\(BundledConnectors.names.joined(separator: ", "))) or the
            path of a connector.json manifest. Each scenario runs in its own world on its own ports;
            --jobs N runs N at a time. Evidence and reports go to --out (default a new folder
            sync-verifier-runs/<time>-<suffix>): evidence per scenario, report.json, junit.xml, summary.md and
            report.html. The gate: --min-score N and --require ID,… (without either, every scenario must
            pass). Exit code 0 when the gate holds, 1 when not (with a one-line reason), 2 on a usage or
            scenario error, 130 or 143 when stopped by SIGINT or SIGTERM (the report, marked interrupted,
            covers the scenarios that finished), 141 when standard output was closed.
            """,
        positionals: "[PATH…]",
        options: [
            OptionSpec(
                "--connector", .value(name: "NAME|MANIFEST"), help: "The connector under test (default mirror)."),
            OptionSpec("--jobs", .value(name: "N"), help: "Scenarios run at once (default 2)."),
            OptionSpec(
                "--filter", .value(name: "TEXT"),
                help: "Only scenarios whose name contains TEXT or that evidence a checklist id starting with it."),
            OptionSpec(
                "--shard", .value(name: "K/N"),
                help: "Only the K-th of N stable shares of the scenarios (by name), for CI job matrices; see `merge`."),
            OptionSpec(
                "--rerun-failed", .value(name: "REPORT.json"),
                help: "Only the scenarios that did not pass in that report."),
            OptionSpec(
                "--list",
                help: "Print the scenarios the run would play (after --filter, --shard, --rerun-failed) and stop."),
            OptionSpec("--fail-fast", help: "Start no scenario after the first one that did not pass."),
            OptionSpec("--max-failures", .value(name: "N"), help: "Start no scenario after N did not pass."),
            OptionSpec(
                "--timeout-scale", .value(name: "X"),
                help:
                    "Multiply scenario time limits, expectation deadlines and the startup timeout by X (slow machines)."
            ),
            OptionSpec("--seed", .value(name: "N"), help: "Seed for every random choice (default 1)."),
        ] + SharedOptions.specs + GateOptions.specs,
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let paths = arguments.positionals.isEmpty ? [defaultScenarioFolder()] : arguments.positionals
        var manifest = try SharedOptions.connector(arguments)
        let jobs = try arguments.integer("--jobs", in: 1...64) ?? 2
        let gate = try GateOptions.parse(arguments)
        let seed = UInt64(try arguments.integer("--seed", in: 0...Int.max) ?? 1)
        let maxFailures = arguments.flag("--fail-fast") ? 1 : try arguments.integer("--max-failures", in: 1...100_000)
        let scale = try timeoutScale(arguments)
        guard let selected = try select(paths: paths, arguments) else { return 0 }
        let scenarios = selected.map { $0.scalingTimeouts(by: scale) }
        manifest.startupTimeoutSeconds *= scale
        if arguments.flag("--list") {
            StandardOutput.write(scenarios.map { "\($0.name)\t\($0.file)\n" }.joined())
            return 0
        }
        let out = try SharedOptions.folder(arguments)

        let signals = StopSignals.install()
        defer { withExtendedLifetime(signals) {} }
        let files = FileReporter(folder: out)
        let reporter = MultiplexReporter([TerminalReporter(), files])
        reporter.runStarted(scenarios: scenarios.count, connector: manifest.name, jobs: jobs, outFolder: out.path)
        let started = Date()
        let options = RunOptions(connector: manifest, outFolder: out, seed: seed)
        let results = ScenarioBatch(scenarios: scenarios, options: options, jobs: jobs, maxFailures: maxFailures).run {
            finished, total, evidence in
            reporter.scenarioFinished(evidence, finished: finished, total: total)
        }
        var scorecard = Scorer().score(
            results, connector: manifest.name, seed: seed, durationSeconds: Date().timeIntervalSince(started))
        scorecard.run = RunDescription(manifest: manifest, scenarios: scenarios, evidence: results)
        scorecard.gate = gate.evaluate(scorecard)
        if let reason = RunInterruption.shared.reason {
            scorecard.interrupted = reason
            scorecard.gate?.passed = false
            scorecard.gate?.reason =
                "the run was interrupted (\(reason)); scenarios finished: \(results.count) of \(scenarios.count)"
        }
        reporter.runFinished(scorecard)
        if let maxFailures, scorecard.interrupted == nil, results.count < scenarios.count {
            TerminalReporter.standardOutput(
                "Stopped at the failure limit (\(maxFailures)); scenarios not run: \(scenarios.count - results.count)\n")
        }
        try SharedOptions.requireWritten(files)
        TerminalReporter.standardOutput("Reports: \(out.path)/report.html, report.json, junit.xml, summary.md\n")
        if let code = RunInterruption.shared.exitCode { return code }
        return scorecard.gate?.passed == true ? 0 : 1
    }

    /// The scenarios a run plays: loaded from `paths`, then `--rerun-failed`,
    /// `--filter` and `--shard`, in that order. Nil (with a note) when `--rerun-failed`
    /// finds nothing to rerun; an empty shard is a run of nothing (its merge adds nothing).
    static func select(paths: [String], _ arguments: ParsedArguments) throws -> [Scenario]? {
        let loaded: ScenarioLoader.Result
        do {
            loaded = try ScenarioLoader.load(paths: paths)
        } catch {
            throw ExitError(code: 2, "\(error)")
        }
        guard loaded.issues.isEmpty else {
            let lines = loaded.issues.map(\.description).joined(separator: "\n")
            throw ExitError(
                code: 2,
                "\(lines)\n\(Plural.of(loaded.issues.count, "problem")) in the scenarios; nothing was run (see `sync-verifier validate`)"
            )
        }
        var scenarios = loaded.scenarios
        if let report = arguments.value("--rerun-failed") {
            let failed: Set<String>
            do {
                failed = FailedScenarios.names(in: try JSONReport.load(path: report))
            } catch {
                throw ExitError(code: 2, "--rerun-failed: \(error)")
            }
            let missing = failed.subtracting(scenarios.map(\.name))
            if !missing.isEmpty {
                StandardOutput.error(
                    "warning: --rerun-failed: not among the scenarios given: \(missing.sorted().joined(separator: ", "))\n"
                )
            }
            scenarios = scenarios.filter { failed.contains($0.name) }
            guard !scenarios.isEmpty else {
                StandardOutput.write("Nothing to rerun: \(report) has no failed scenario among those given.\n")
                return nil
            }
        }
        scenarios = ScenarioBatch.filter(scenarios, by: arguments.value("--filter"))
        guard !scenarios.isEmpty else {
            throw ExitError(code: 2, "no scenario matches --filter \(arguments.value("--filter") ?? "")")
        }
        if let text = arguments.value("--shard") {
            guard let shard = ScenarioShard(parsing: text) else {
                throw UsageError("'--shard' takes K/N with 1 ≤ K ≤ N, not '\(text)'")
            }
            scenarios = shard.select(scenarios)
            if scenarios.isEmpty {
                StandardOutput.write("Shard \(shard) has no scenario (more shards than scenarios).\n")
            }
        }
        return scenarios
    }

    static func timeoutScale(_ arguments: ParsedArguments) throws -> Double {
        guard let text = arguments.value("--timeout-scale") else { return 1 }
        guard let scale = Double(text), scale.isFinite, scale >= 0.1, scale <= 100 else {
            throw UsageError("'--timeout-scale' takes a number from 0.1 to 100, not '\(text)'")
        }
        return scale
    }

    /// `Scenarios/` of the package: beside the current folder, or found from the executable's location.
    static func defaultScenarioFolder() -> String {
        if FileManager.default.fileExists(atPath: "Scenarios") { return "Scenarios" }
        var folder = URL(fileURLWithPath: BundledConnectors.executablePath).deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent("Scenarios")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
            folder = folder.deletingLastPathComponent()
        }
        return "Scenarios"
    }
}
