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
            --jobs N runs N at a time. Evidence and reports go to --out (default
            sync-verifier-runs/<time>): evidence per scenario, report.json, junit.xml, summary.md and
            report.html. The gate: --min-score N and --require ID,… (without either, every scenario must
            pass). Exit code 0 when the gate holds, 1 when not (with a one-line reason), 2 on a usage or
            scenario error.
            """,
        positionals: "[PATH…]",
        options: [
            OptionSpec("--connector", .value(name: "NAME|MANIFEST"), help: "The connector under test (default mirror)."),
            OptionSpec("--out", .value(name: "DIR"), help: "Where evidence and reports go."),
            OptionSpec("--jobs", .value(name: "N"), help: "Scenarios run at once (default 2)."),
            OptionSpec("--filter", .value(name: "TEXT"), help: "Only scenarios whose name contains TEXT or that evidence a checklist id starting with it."),
            OptionSpec("--seed", .value(name: "N"), help: "Seed for every random choice (default 1)."),
            OptionSpec("--min-score", .value(name: "N"), help: "Gate: fail (exit 1) below this score (0-100)."),
            OptionSpec("--require", .repeated(name: "ID,…"), help: "Gate: these checklist items must pass."),
        ],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let paths = arguments.positionals.isEmpty ? [defaultScenarioFolder()] : arguments.positionals
        let manifest: ConnectorManifest
        do {
            manifest = try BundledConnectors.resolve(arguments.value("--connector") ?? "mirror")
        } catch {
            throw ExitError(code: 2, "\(error)")
        }
        let jobs = try arguments.integer("--jobs", in: 1...64) ?? 2
        let minScore = try arguments.integer("--min-score", in: 0...100).map(Double.init)
        let gate = Gate(minScore: minScore, required: arguments.list("--require").flatMap { $0.split(separator: ",").map(String.init) })
        if !gate.unknownRequirements.isEmpty {
            throw ExitError(code: 2, "--require: \(gate.unknownRequirements.joined(separator: ", ")) not checklist ids (see `sync-verifier checklist`)")
        }
        let seed = UInt64(try arguments.integer("--seed", in: 0...Int.max) ?? 1)
        let loaded: ScenarioLoader.Result
        do {
            loaded = try ScenarioLoader.load(paths: paths)
        } catch {
            throw ExitError(code: 2, "\(error)")
        }
        guard loaded.issues.isEmpty else {
            let lines = loaded.issues.map(\.description).joined(separator: "\n")
            throw ExitError(code: 2, "\(lines)\n\(Plural.of(loaded.issues.count, "problem")) in the scenarios; nothing was run (see `sync-verifier validate`)")
        }
        let scenarios = ScenarioBatch.filter(loaded.scenarios, by: arguments.value("--filter"))
        guard !scenarios.isEmpty else { throw ExitError(code: 2, "no scenario matches --filter \(arguments.value("--filter") ?? "")") }
        let out = URL(fileURLWithPath: arguments.value("--out") ?? "sync-verifier-runs/" + timestamp())
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)

        let reporter = MultiplexReporter([TerminalReporter(), FileReporter(folder: out)])
        reporter.runStarted(scenarios: scenarios.count, connector: manifest.name, jobs: jobs, outFolder: out.path)
        let started = Date()
        let options = RunOptions(connector: manifest, outFolder: out, seed: seed)
        let results = ScenarioBatch(scenarios: scenarios, options: options, jobs: jobs).run { finished, total, evidence in
            reporter.scenarioFinished(evidence, finished: finished, total: total)
        }
        var scorecard = Scorer().score(results, connector: manifest.name, seed: seed, durationSeconds: Date().timeIntervalSince(started))
        scorecard.run = RunDescription(manifest: manifest, scenarios: scenarios, evidence: results)
        scorecard.gate = gate.evaluate(scorecard)
        reporter.runFinished(scorecard)
        say("Reports: \(out.path)/report.html, report.json, junit.xml, summary.md\n")
        return scorecard.gate?.passed == true ? 0 : 1
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

    static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: Date())
    }

    static func say(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
}
