import Foundation
import Testing

@testable import SyncVerifier

/// The CI gate through the built binary: run folders that never collide,
/// clean stops (SIGINT, SIGTERM, SIGKILL, a closed standard output) that
/// leave no process behind, fast feedback, and shards merged into one run.
@Suite("CI gate through the binary", .serialized, .tags(.endToEnd))
struct CIGateEndToEndTests {
    static let gateFixtures = TestPaths.fixtures.appendingPathComponent("gate")
    static let longWait = gateFixtures.appendingPathComponent("long-wait.json").path
    static let idle = TestPaths.fixtures.appendingPathComponent("scenarios/idle.json").path
    static let registration = TestPaths.fixtures.appendingPathComponent("scenarios/registration.json").path
    static let shardFolder = gateFixtures.appendingPathComponent("shard").path

    /// A folder of the test's own, removed when it ends.
    struct Scratch {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sv-gate-\(UUID().uuidString.prefix(8))")
        init() { try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        var path: String { url.path }
        func remove() { try? FileManager.default.removeItem(at: url) }

        /// A manifest running one of the Python test connectors (or any command).
        func manifest(_ name: String, command: [String]? = nil) throws -> String {
            let file = url.appendingPathComponent("\(name).json")
            let command = command ?? ["python3", TestPaths.connectors.appendingPathComponent("\(name).py").path]
            let json = try JSONSerialization.data(withJSONObject: [
                "name": name, "command": command, "startupTimeoutSeconds": 10,
            ])
            try json.write(to: file)
            return file.path
        }
    }

    /// The binary started in the background, its output collected in files
    /// (so nothing blocks on a full pipe and a killed run leaves what it wrote).
    final class Launched {
        let process = Process()
        let stdoutFile: URL
        let stderrFile: URL

        init(_ arguments: [String], in folder: URL, label: String = "run", executable: String = TestPaths.binary) throws
        {
            stdoutFile = folder.appendingPathComponent("\(label).stdout")
            stderrFile = folder.appendingPathComponent("\(label).stderr")
            _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
            _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.currentDirectoryURL = folder
            process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
            process.standardError = try FileHandle(forWritingTo: stderrFile)
            try process.run()
        }

        func wait() -> (status: Int32, exited: Bool) {
            process.waitUntilExit()
            return (process.terminationStatus, process.terminationReason == .exit)
        }

        var stdout: String { (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }
    }

    /// Waits up to `seconds` for `condition`.
    @discardableResult
    static func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// Live processes whose command line, environment or working folder names `path`.
    static func processes(mentioning path: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).compactMap { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), !stat.contains(") Z ")
            else { return nil }
            let cmdline =
                FileManager.default.contents(atPath: "/proc/\(pid)/cmdline").map { String(decoding: $0, as: UTF8.self) }
                ?? ""
            let environ =
                FileManager.default.contents(atPath: "/proc/\(pid)/environ").map { String(decoding: $0, as: UTF8.self) }
                ?? ""
            let cwd = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) ?? ""
            guard cmdline.contains(path) || environ.contains(path) || cwd.hasPrefix(path) else { return nil }
            return "\(pid) \(cmdline.replacingOccurrences(of: "\0", with: " "))"
        }
    }

    /// Nothing of the run is left within a few seconds.
    static func expectNoProcess(mentioning path: String) {
        eventually(within: 5) { processes(mentioning: path).isEmpty }
        #expect(processes(mentioning: path) == [])
    }

    static func report(_ folder: String) throws -> Scorecard { try JSONReport.load(path: folder + "/report.json") }

    // MARK: runs that never collide

    @Test func twoRunsStartedAtOnceGetTwoFoldersAndTheirOwnReports() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let good = try scratch.manifest("syncs_registrations")
        let bad = try scratch.manifest("never_syncs")
        let first = try Launched(
            ["run", Self.registration, "--connector", good, "--jobs", "1"], in: scratch.url, label: "good")
        let second = try Launched(
            ["run", Self.registration, "--connector", bad, "--jobs", "1"], in: scratch.url, label: "bad")
        #expect(first.wait() == (0, true), "\(first.stdout)\(first.stderr)")
        #expect(second.wait() == (1, true), "\(second.stdout)\(second.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/sync-verifier-runs").sorted()
        #expect(runs.count == 2)
        for (launched, connector, verdict) in [
            (first, "syncs_registrations", ScenarioEvidence.Verdict.passed), (second, "never_syncs", .failed),
        ] {
            let folder = try #require(runs.first { launched.stdout.contains("sync-verifier-runs/\($0)") })
            let card = try Self.report(scratch.path + "/sync-verifier-runs/" + folder)
            #expect(card.connector == connector)
            #expect(card.scenarios.map(\.verdict) == [verdict])
            let data = try #require(
                FileManager.default.contents(
                    atPath: scratch.path + "/sync-verifier-runs/\(folder)/test-registration/evidence.json"))
            #expect(try JSONReport.decoder.decode(ScenarioEvidence.self, from: data).connector.name == connector)
        }
    }

    @Test func manyFoldersAllocatedInOneSecondAreAllDistinct() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let now = Date()
        let folders = try (0..<200).map { _ in try RunFolder.allocate(under: scratch.url, now: now).lastPathComponent }
        #expect(Set(folders).count == 200)
        #expect(folders.allSatisfy { $0.hasPrefix(RunFolder.timestamp(now) + "-") })
    }

    @Test func aReusedOutFolderIsRefusedUnlessForced() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let out = scratch.path + "/out"
        try FileManager.default.createDirectory(atPath: out + "/old-scenario", withIntermediateDirectories: true)
        let refused = try Launched(
            ["run", Self.idle, "--connector", try scratch.manifest("never_syncs"), "--out", out], in: scratch.url)
        #expect(refused.wait() == (2, true))
        #expect(refused.stderr.contains("--out \(out) is not empty"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("NSCocoaErrorDomain"))
        let onAFile = try Launched(
            ["run", Self.idle, "--out", scratch.path + "/never_syncs.json"], in: scratch.url, label: "file")
        #expect(onAFile.wait() == (2, true))
        #expect(onAFile.stderr.contains("exists and is not a folder"), "\(onAFile.stderr)")
        let forced = try Launched(
            ["run", Self.idle, "--connector", try scratch.manifest("never_syncs"), "--out", out, "--force"],
            in: scratch.url, label: "forced")
        // The gate's verdict on a connector that does nothing is not the point here.
        let status = forced.wait()
        #expect(status.exited && [0, 1].contains(status.status), "\(forced.stdout)\(forced.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).contains("old-scenario") == false)
        #expect(try Self.report(out).scenarios.map(\.name) == ["test-idle"])
    }

    @Test func aReportThatCannotBeWrittenIsAProblemNotASilence() {
        let files = FileReporter(folder: URL(fileURLWithPath: "/dev/null/run"))
        files.runFinished(Scorer().score([], connector: "none", seed: 1, durationSeconds: 0))
        #expect(files.problems.all.count == FileReporter.Format.allCases.count)
        #expect(
            files.problems.all.first?.hasPrefix("/dev/null/run/report.json: cannot write it (") == true,
            "\(files.problems.all)")
    }

    // MARK: clean stops

    /// A run of a quick scenario and a long one against a connector that forks
    /// a child ignoring SIGTERM and an orphaned grandchild; returns once the
    /// quick one is done and the long one's connector has started.
    static func startInterruptibleRun(_ scratch: Scratch) throws -> (Launched, String) {
        let out = scratch.path + "/run"
        let run = try Launched(
            ["run", idle, longWait, "--connector", try scratch.manifest("forks_child"), "--out", out, "--jobs", "2"],
            in: scratch.url)
        let ready = eventually(within: 30) {
            FileManager.default.fileExists(atPath: out + "/test-idle/evidence.json")
                && FileManager.default.fileExists(atPath: out + "/test-long-wait/state/started")
        }
        #expect(ready, "\(run.stdout)\(run.stderr)")
        #expect(!processes(mentioning: out).isEmpty)
        return (run, out)
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalStopsEveryConnectorAndLeavesAnInterruptedReport(_ number: Int32) throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let (run, out) = try Self.startInterruptibleRun(scratch)
        kill(run.process.processIdentifier, number)
        #expect(run.wait() == (128 + number, true), "\(run.stdout)\(run.stderr)")
        Self.expectNoProcess(mentioning: out)
        let card = try Self.report(out)
        #expect(card.interrupted == (number == SIGINT ? "SIGINT" : "SIGTERM"))
        #expect(card.scenarios.map(\.name) == ["test-idle"])
        #expect(card.gate?.passed == false)
        #expect(run.stdout.contains("INTERRUPTED (\(card.interrupted ?? ""))"))
        #expect(try String(contentsOfFile: out + "/summary.md", encoding: .utf8).contains("**Interrupted**"))
        #expect(try String(contentsOfFile: out + "/report.html", encoding: .utf8).contains("class=\"interrupted\""))
    }

    @Test func aKilledRunnerLeavesNoConnectorBehind() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let (run, out) = try Self.startInterruptibleRun(scratch)
        kill(run.process.processIdentifier, SIGKILL)
        #expect(run.wait() == (SIGKILL, false))
        Self.expectNoProcess(mentioning: out)
    }

    @Test func aClosedStandardOutputEndsTheRunQuietly() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let out = scratch.path + "/run"
        let command =
            "'\(TestPaths.binary)' run '\(Self.idle)' '\(Self.longWait)' --connector '\(try scratch.manifest("forks_child"))' --out '\(out)' | head -1"
        let pipeline = try Launched(["-o", "pipefail", "-c", command], in: scratch.url, executable: "/bin/bash")
        #expect(pipeline.wait() == (141, true), "\(pipeline.stdout)\(pipeline.stderr)")
        #expect(pipeline.stdout.split(separator: "\n").count == 1)
        #expect(pipeline.stdout.hasPrefix("Running 2 scenarios"))
        #expect(
            !pipeline.stderr.contains("Fatal error") && !pipeline.stderr.contains("Broken pipe"), "\(pipeline.stderr)")
        #expect(try Self.report(out).interrupted == "standard output closed")
        Self.expectNoProcess(mentioning: out)
    }

    // MARK: fast feedback

    /// A command that fails at once (here `cat` of a file that is not there,
    /// which exits within milliseconds even on a loaded machine, where a
    /// Python interpreter behind a version-manager shim can take longer than
    /// the startup check's half second) is a startup failure, and every report quotes why.
    @Test func aConnectorThatCannotStartShowsItsStandardError() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let missing = scratch.path + "/no-such-connector.py"
        let manifest = try scratch.manifest("broken", command: ["/bin/cat", missing])
        let run = try Launched(
            ["run", Self.idle, "--connector", manifest, "--out", scratch.path + "/run"], in: scratch.url)
        #expect(run.wait() == (1, true))
        #expect(run.stdout.contains("exited during startup (exited 1); its standard error ends: "), "\(run.stdout)")
        #expect(run.stdout.contains("\(missing): No such file or directory"))
        #expect(try Self.report(scratch.path + "/run").scenarios.first?.reason?.contains("No such file or directory") == true)
        for report in ["junit.xml", "summary.md", "report.html"] {
            let text = try String(contentsOfFile: scratch.path + "/run/" + report, encoding: .utf8)
            #expect(text.contains("\(missing): No such file or directory"), "\(report)")
        }
        let check = try Launched(["check", "--connector", manifest], in: scratch.url, label: "check")
        #expect(check.wait() == (1, true))
        #expect(check.stdout.contains("FAIL  starts:") && check.stdout.contains("No such file or directory"), "\(check.stdout)")
    }

    @Test func checkSaysInSecondsThatAConnectorTalksToBothSystems() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let started = Date()
        let check = try Launched(["check", "--connector", "mirror"], in: scratch.url)
        #expect(check.wait() == (0, true), "\(check.stdout)\(check.stderr)")
        #expect(Date().timeIntervalSince(started) < 15)
        for line in [
            "ok    starts:", "ok    /health: answered 200", "ok    talks to the CRM:", "ok    talks to the PRM:",
            "All checks passed.",
        ] {
            #expect(check.stdout.contains(line), "\(check.stdout)")
        }
        let silent = try Launched(
            ["check", "--connector", try scratch.manifest("ignores_sigterm"), "--seconds", "1"], in: scratch.url,
            label: "silent")
        #expect(silent.wait() == (1, true))
        #expect(silent.stdout.contains("FAIL  talks to the CRM: no request in 1.00 s"), "\(silent.stdout)")
    }

    @Test func listFailFastAndRerunFailed() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let list = try Launched(["run", Self.shardFolder, "--list", "--filter", "registration"], in: scratch.url)
        #expect(list.wait() == (0, true))
        #expect(
            list.stdout.split(separator: "\n").map { $0.split(separator: "\t")[0] } == [
                "test-shard-registration-a", "test-shard-registration-b",
            ])
        let out = scratch.path + "/fail-fast"
        let failFast = try Launched(
            [
                "run", Self.shardFolder, "--filter", "registration", "--connector", try scratch.manifest("never_syncs"),
                "--jobs", "1", "--fail-fast", "--out", out,
            ],
            in: scratch.url, label: "fail-fast")
        #expect(failFast.wait() == (1, true))
        #expect(failFast.stdout.contains("Stopped at the failure limit (1); scenarios not run: 1"), "\(failFast.stdout)")
        #expect(try Self.report(out).scenarios.map(\.name) == ["test-shard-registration-a"])
        let rerun = try Launched(
            ["run", Self.shardFolder, "--rerun-failed", out + "/report.json", "--list"], in: scratch.url, label: "rerun"
        )
        #expect(rerun.wait() == (0, true))
        #expect(
            rerun.stdout.hasPrefix("test-shard-registration-a\t") && rerun.stdout.split(separator: "\n").count == 1,
            "\(rerun.stdout)")
    }

    @Test func aTimeoutScaleMultipliesDeadlinesButNotPauses() throws {
        let (loaded, issues) = ScenarioLoader.load(file: Self.registration)
        #expect(issues.isEmpty)
        let scenario = try #require(loaded)
        let scaled = scenario.scalingTimeouts(by: 2.5)
        #expect(scaled.timeoutSeconds == scenario.timeoutSeconds * 2.5)
        for (before, after) in zip(scenario.steps, scaled.steps) {
            switch (before.kind, after.kind) {
            case (.expect(let old), .expect(let new)): #expect(new.withinSeconds == old.withinSeconds * 2.5)
            case (.wait(let old), .wait(let new)): #expect(new == old)
            default: break
            }
        }
    }

    // MARK: shards

    @Test func shardsAreStableAndCoverEveryScenarioOnce() throws {
        let scenarios = try ScenarioLoader.load(paths: [Self.shardFolder]).scenarios
        let shares = (1...3).map { ScenarioShard(index: $0, count: 3)!.select(scenarios).map(\.name) }
        #expect(shares.flatMap { $0 }.sorted() == scenarios.map(\.name).sorted())
        #expect(shares.map(\.count) == [2, 2, 1])
        #expect(
            ScenarioShard(index: 1, count: 3)!.select(scenarios.reversed()).map(\.name).sorted() == shares[0].sorted())
        #expect(
            ScenarioShard(parsing: "0/3") == nil && ScenarioShard(parsing: "4/3") == nil
                && ScenarioShard(parsing: "2/3") != nil)
    }

    @Test func threeShardsMergedGiveTheScorecardOfOneRun() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let manifest = try scratch.manifest("syncs_registrations")
        let gate = ["--min-score", "50", "--require", "flow.deal-registration"]
        let whole = try Launched(
            ["run", Self.shardFolder, "--connector", manifest, "--out", scratch.path + "/whole"] + gate,
            in: scratch.url, label: "whole")
        let wholeStatus = whole.wait()
        #expect(wholeStatus.exited && [0, 1].contains(wholeStatus.status), "\(whole.stdout)\(whole.stderr)")
        var folders: [String] = []
        for index in 1...3 {
            let folder = scratch.path + "/shard-\(index)"
            let shard = try Launched(
                ["run", Self.shardFolder, "--connector", manifest, "--shard", "\(index)/3", "--out", folder],
                in: scratch.url, label: "shard\(index)")
            let status = shard.wait()
            #expect(status.exited && [0, 1].contains(status.status), "\(shard.stdout)\(shard.stderr)")
            folders.append(folder)
        }
        let merge = try Launched(
            ["merge"] + folders + ["--out", scratch.path + "/merged"] + gate, in: scratch.url, label: "merge")
        #expect(merge.wait() == wholeStatus, "\(merge.stdout)\(merge.stderr)")
        let one = try Self.report(scratch.path + "/whole")
        let merged = try Self.report(scratch.path + "/merged")
        #expect(
            merged.items.map { "\($0.id) \(ReportFormatting.status($0))" }
                == one.items.map { "\($0.id) \(ReportFormatting.status($0))" })
        #expect(merged.scenarios.map { "\($0.name) \($0.verdict)" } == one.scenarios.map { "\($0.name) \($0.verdict)" })
        #expect(merged.score == one.score)
        #expect(merged.gate == one.gate)
        // The merged report states the run from the evidence alone: connector, command, dialects, scenario starts.
        #expect(merged.run?.connector.name == one.run?.connector.name && merged.run?.connector.command == one.run?.connector.command)
        #expect(merged.run?.dialects == ["salesforce"] && merged.run?.scenarios.count == one.scenarios.count)
        for file in ["junit.xml", "summary.md", "report.html", "test-shard-idle-c/evidence.json"] {
            #expect(FileManager.default.fileExists(atPath: scratch.path + "/merged/" + file))
        }
        let twice = try Launched(["merge", folders[0], folders[0]], in: scratch.url, label: "twice")
        #expect(twice.wait() == (2, true))
        #expect(twice.stderr.contains("give each shard once"), "\(twice.stderr)")
    }
}
