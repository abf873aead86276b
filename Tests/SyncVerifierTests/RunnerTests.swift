import FakeKit
import Foundation
import Testing
@testable import SyncVerifier

/// The runner against tiny connectors that behave in known ways (Python
/// scripts in `Connectors/`, standard library only): its verdicts, and that
/// no process of theirs outlives the scenario.
@Suite("Runner with test connectors", .serialized, .tags(.endToEnd))
struct RunnerTests {
    static func scenario(_ name: String) throws -> Scenario {
        let (scenario, issues) = ScenarioLoader.load(file: TestPaths.fixtures.appendingPathComponent("scenarios/\(name).json").path)
        #expect(issues.isEmpty, "\(issues)")
        return try #require(scenario)
    }

    static func run(_ scenarioName: String, _ connector: ConnectorManifest, grace: Double = 1) throws -> ScenarioEvidence {
        let options = RunOptions(connector: connector, outFolder: TestPaths.temporaryFolder(connector.name), seed: 7, stopGraceSeconds: grace)
        ConnectorProcess.becomeSubreaper()
        return ScenarioRunner(scenario: try scenario(scenarioName), options: options).run()
    }

    /// Every process whose environment names this run's state folder, i.e. everything the connector started.
    static func processes(using folder: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), !stat.contains(") Z ") else { return false }
            return String(decoding: data, as: UTF8.self).contains(folder)
        }
    }

    static func stateFolder(_ evidence: ScenarioEvidence) -> String {
        URL(fileURLWithPath: evidence.connector.stdoutPath).deletingLastPathComponent().appendingPathComponent("state").path
    }

    @Test func aConnectorThatSyncsPasses() throws {
        let evidence = try Self.run("registration", TestPaths.manifest("syncs_registrations"))
        #expect(evidence.verdict == .passed, "\(evidence.reason ?? "")")
        let expectation = try #require(evidence.steps.first { $0.kind == "record" })
        #expect(expectation.outcome == .passed)
        #expect(expectation.metAt != nil)
        #expect(evidence.journals["crm"]?.contains { $0.actor == evidence.connectorActors["crm"] && $0.object == "Opportunity" } == true)
        #expect(evidence.connector.stops.first?.survivors == [])
    }

    @Test func aConnectorThatNeverSyncsFailsTheExpectation() throws {
        let evidence = try Self.run("registration", TestPaths.manifest("never_syncs"))
        #expect(evidence.verdict == .failed)
        #expect(evidence.reason?.hasPrefix("steps[2] (expect record): after 6.0 s: no Opportunity on the crm side matches") == true)
        #expect(evidence.connector.stops.first?.neededKill == false)
    }

    @Test func aConnectorThatCrashesFailsWithTheReasonAndTheRestIsSkipped() throws {
        let evidence = try Self.run("registration", TestPaths.manifest("crashes"))
        #expect(evidence.verdict == .failed)
        #expect(evidence.reason?.contains("the connector exited 3") == true, "\(evidence.reason ?? "")")
        #expect(evidence.steps.last?.outcome == .skipped)
        #expect(evidence.connector.stderrTail.contains("giving up"))
    }

    @Test func aConnectorThatIgnoresSIGTERMIsKilled() throws {
        let evidence = try Self.run("idle", TestPaths.manifest("ignores_sigterm"), grace: 0.5)
        #expect(evidence.verdict == .passed)
        let stop = try #require(evidence.connector.stops.first)
        #expect(stop.neededKill)
        #expect(stop.status == "killed by signal 9")
        #expect(stop.survivors == [])
        #expect(Self.processes(using: Self.stateFolder(evidence)) == [])
    }

    @Test func nothingAConnectorForkedOutlivesTheScenario() throws {
        let evidence = try Self.run("idle", TestPaths.manifest("forks_child"), grace: 0.5)
        let state = Self.stateFolder(evidence)
        #expect(FileManager.default.fileExists(atPath: state + "/started"))
        #expect(evidence.connector.stops.first?.neededKill == true)  // the child ignores SIGTERM
        #expect(evidence.connector.stops.first?.survivors == [])
        #expect(Self.processes(using: state) == [])
    }

    @Test func aConnectorThatNeverAnswersHealthFailsItsStartup() throws {
        let evidence = try Self.run("idle", TestPaths.manifest("no_health", control: true, startupTimeoutSeconds: 1))
        #expect(evidence.verdict == .failed)
        #expect(evidence.connector.failure == "startup check failed: /health did not answer 200 within 1.0 s")
        #expect(evidence.steps.allSatisfy { $0.outcome == .skipped })
        #expect(Self.processes(using: Self.stateFolder(evidence)) == [])
    }

    @Test func aMissingProgramIsAClearFailure() throws {
        let manifest = ConnectorManifest(name: "missing", command: ["no-such-connector-binary"], workingDirectory: "/tmp")
        let evidence = try Self.run("idle", manifest)
        #expect(evidence.verdict == .failed)
        #expect(evidence.connector.failure?.contains("'no-such-connector-binary' is not on PATH") == true)
    }

    @Test func oneJobAndFourJobsGiveTheSameVerdicts() throws {
        let scenarios = try ["registration", "idle"].map(Self.scenario)
        let connectors = [TestPaths.manifest("syncs_registrations"), TestPaths.manifest("never_syncs")]
        var verdicts: [Int: [String]] = [:]
        for jobs in [1, 4] {
            var all: [String] = []
            for connector in connectors {
                let options = RunOptions(connector: connector, outFolder: TestPaths.temporaryFolder("jobs\(jobs)"), seed: 3)
                let batch = ScenarioBatch(scenarios: scenarios, options: options, jobs: jobs)
                all += batch.run { _, _, _ in }.map { "\(connector.name)/\($0.scenario): \($0.verdict.rawValue)" }
            }
            verdicts[jobs] = all
        }
        #expect(verdicts[1] == verdicts[4])
        #expect(verdicts[1]?.contains("syncs_registrations/test-registration: passed") == true)
        #expect(verdicts[1]?.contains("never_syncs/test-registration: failed") == true)
    }
}
