import Foundation
import Synchronization
import Testing
@testable import SyncVerifier

/// Connectors that never work, through the built binary: one whose command
/// does not exist, one that exits at once, one that runs and does nothing.
/// None earns a pass on any flow, integrity or security item, and every form
/// of the gate fails with a reason that names the dead connector.
@Suite("Dead connectors through the binary", .tags(.endToEnd))
struct DeadConnectorTests {
    struct Dead: Sendable {
        let name: String
        let command: [String]
        /// What the gate's reason says of it.
        let says: String
    }

    static let connectors = [
        Dead(name: "typo-sync", command: ["/nonexistent/acme-sync", "--serve"], says: "the connector 'typo-sync' never started in 2 of 2 scenarios"),
        Dead(name: "quitter", command: ["/bin/sh", "-c", "echo 'quitter: cannot read settings.yaml' >&2; exit 3"],
             says: "the connector 'quitter' never started in 2 of 2 scenarios"),
        Dead(name: "idler", command: ["python3", TestPaths.connectors.appendingPathComponent("never_syncs.py").path],
             says: "the connector 'idler' did no work: it started but wrote nothing in any of the 2 scenarios"),
    ]
    static let gates: [[String]] = [[], ["--min-score", "10"], ["--require", "integrity.no-loss,security.credentials"]]

    // The limit counts the wait for a HeavyLane too, behind the verdict matrix and the defect panel.
    @Test(.timeLimit(.minutes(20)))
    func noFlowIntegrityOrSecurityItemPassesAndEveryGateFails() async throws {
        let root = TestPaths.temporaryFolder("dead")
        defer { try? FileManager.default.removeItem(at: root) }
        let scenarios = [
            TestPaths.fixtures.appendingPathComponent("scenarios/registration.json").path,
            TestPaths.packageRoot.appendingPathComponent("Scenarios/flows/lead-passing.json").path,
        ]
        let runs = Self.connectors.flatMap { dead in
            Self.gates.enumerated().map { index, gate in (dead, gate, root.appendingPathComponent("\(dead.name)-\(index)")) }
        }
        let found = try await HeavyLane.run { Self.playAll(runs, scenarios) }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    /// Each connector under each gate, five runs at a time; what went wrong, as lines.
    static func playAll(_ runs: [(Dead, [String], URL)], _ scenarios: [String]) -> [String] {
        let problems = Mutex<[String]>([])
        let lanes = DispatchSemaphore(value: 5)
        DispatchQueue.concurrentPerform(iterations: runs.count) { index in
            lanes.wait()
            defer { lanes.signal() }
            let (dead, gate, folder) = runs[index]
            func problem(_ text: String) { problems.withLock { $0.append("\(dead.name) \(gate): \(text)") } }
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let manifest = folder.appendingPathComponent("connector.json")
                let command = try JSONSerialization.data(withJSONObject: dead.command)
                try Data(#"{"name": "\#(dead.name)", "command": \#(String(decoding: command, as: UTF8.self)), "startupTimeoutSeconds": 5}"#.utf8).write(to: manifest)
                let output = try CommandLineEndToEndTests.run(["run"] + scenarios + ["--connector", manifest.path, "--out", folder.appendingPathComponent("out").path] + gate)
                if output.status != 1 { problem("exit \(output.status), expected 1") }
                let said = output.stdout + output.stderr
                if !said.contains(dead.says) { problem("the reason does not name the dead connector: \(said.suffix(600))") }
                let report = try JSONReport.load(path: folder.appendingPathComponent("out/report.json").path)
                for item in report.items where item.status == .pass && ["flow", "integrity", "security"].contains(item.id.split(separator: ".").first.map(String.init) ?? "") {
                    problem("\(item.id) passed: \(item.summary)")
                }
                if report.gate?.passed != false { problem("the report's gate passed") }
            } catch {
                problem("\(error)")
            }
        }
        return problems.withLock { $0 }
    }

    @Test func theConnectorsLastWordsReachTheGateReason() async throws {
        let folder = TestPaths.temporaryFolder("dead-words")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("connector.json")
        try Data(#"{"name": "quitter", "command": ["/bin/sh", "-c", "echo 'quitter: cannot read settings.yaml' >&2; exit 3"], "startupTimeoutSeconds": 5}"#.utf8).write(to: manifest)
        let output = try await HeavyLane.run {
            try CommandLineEndToEndTests.run([
                "run", TestPaths.fixtures.appendingPathComponent("scenarios/registration.json").path, "--connector", manifest.path,
                "--out", folder.appendingPathComponent("out").path,
            ])
        }
        #expect(output.status == 1)
        #expect((output.stdout + output.stderr).contains("its last words: quitter: cannot read settings.yaml"), "\(output.stdout)\(output.stderr)")
    }
}
