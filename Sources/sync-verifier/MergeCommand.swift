import CommandLineKit
import Foundation
import SyncVerifier

/// `sync-verifier merge DIR…`: the shards of one run scored as one run.
enum MergeCommand {
    static let spec = CommandSpec(
        name: "merge",
        abstract:
            "Score the evidence of several run folders (the shards of `run --shard K/N`) as one run, with every report and the gate.",
        discussion: """
            Reads each DIR's <scenario>/evidence.json, scores their union as one run would, writes report.json,
            junit.xml, summary.md, report.html and the evidence to --out (default a new folder under
            sync-verifier-runs/), and applies the gate (--min-score, --require; without either, every scenario
            must pass). The folders must hold runs of one connector with one seed, each scenario once.
            Exit code 0 when the gate holds, 1 when not, 2 when the folders cannot be merged.
            """,
        positionals: "DIR…",
        options: SharedOptions.specs + GateOptions.specs,
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard !arguments.positionals.isEmpty else { throw UsageError("merge: give the run folders of the shards") }
        let gate = try GateOptions.parse(arguments)
        let shards: ShardEvidence
        do {
            shards = try ShardEvidence.load(folders: arguments.positionals)
        } catch {
            throw ExitError(code: 2, "\(error)")
        }
        let out = try SharedOptions.folder(arguments)
        for warning in shards.warnings { StandardOutput.error("warning: \(warning)\n") }
        let files = FileReporter(folder: out)
        let total = shards.evidence.count
        for (index, evidence) in shards.evidence.enumerated() {
            files.scenarioFinished(evidence, finished: index + 1, total: total)
        }
        TerminalReporter.standardOutput(
            "Merged the evidence of \(shards.connector) (scenarios: \(total), folders: \(arguments.positionals.count)); reports in \(out.path)\n"
        )
        var scorecard = Scorer().score(
            shards.evidence, connector: shards.connector, seed: shards.seed, durationSeconds: shards.durationSeconds)
        scorecard.run = RunDescription(evidence: shards.evidence)
        scorecard.gate = gate.evaluate(scorecard)
        MultiplexReporter([TerminalReporter(), files]).runFinished(scorecard)
        try SharedOptions.requireWritten(files)
        TerminalReporter.standardOutput("Reports: \(out.path)/report.html, report.json, junit.xml, summary.md\n")
        return scorecard.gate?.passed == true ? 0 : 1
    }
}
