import Foundation
import Testing
@testable import SyncVerifier

/// A runner killed at any moment loses no finished scenario's evidence and
/// leaves no half-written file: evidence and reports are written to a
/// temporary file and renamed into place.
@Suite("Evidence of a killed runner", .tags(.endToEnd))
struct KilledRunnerEvidenceTests {
    typealias Gate = CIGateEndToEndTests

    // The limit counts the wait for a HeavyLane too, behind the verdict matrix and the defect panel.
    @Test(.timeLimit(.minutes(20)))
    func everyFileLeftBehindIsWholeWheneverTheRunnerDies() async throws {
        let scratch = Gate.Scratch()
        defer { scratch.remove() }
        let (problems, survived) = try await HeavyLane.run { try Self.killAtRandomMoments(in: scratch) }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(survived > 0, "no kill came late enough to leave evidence: the moments are too early to test anything")
    }

    /// Four runs killed at moments spread over a run's life (before the first
    /// evidence, between scenarios, while reports are written); what was not whole, and how many evidence files were read.
    static func killAtRandomMoments(in scratch: Gate.Scratch) throws -> (problems: [String], survived: Int) {
        let scenarios = ["control/filters.json", "control/field-direction.json", "schema/custom-objects.json", "schema/relationships.json",
                         "flows/lead-passing.json", "flows/mdf.json"].map { TestPaths.packageRoot.appendingPathComponent("Scenarios/" + $0).path }
        var generator = SystemRandomNumberGenerator()
        let moments = [0.4, 2.5, 5.0, 8.0].map { $0 + Double.random(in: 0..<1.5, using: &generator) }
        var problems: [String] = []
        var survived = 0
        for (index, moment) in moments.enumerated() {
            let out = scratch.path + "/run-\(index)"
            let run = try Gate.Launched(["run"] + scenarios + ["--out", out, "--jobs", "2"], in: scratch.url, label: "run-\(index)")
            usleep(UInt32(moment * 1_000_000))
            kill(run.process.processIdentifier, SIGKILL)
            _ = run.wait()
            Gate.eventually(within: 5) { Gate.processes(mentioning: out).isEmpty }
            if !Gate.processes(mentioning: out).isEmpty { problems.append("killed at \(moment) s: processes left: \(Gate.processes(mentioning: out))") }
            let files = FileManager.default.enumerator(atPath: out)?.compactMap { $0 as? String } ?? []
            for evidence in files where evidence.hasSuffix("/evidence.json") {
                do {
                    _ = try JSONReport.decoder.decode(ScenarioEvidence.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/" + evidence)))
                    survived += 1
                } catch {
                    problems.append("killed at \(moment) s: \(evidence) is not whole: \(error)")
                }
            }
            if files.contains("report.json") {
                do { _ = try Gate.report(out) } catch { problems.append("killed at \(moment) s: report.json is not whole: \(error)") }
            }
            for report in ["junit.xml", "report.html"] where files.contains(report) {
                let text = (try? String(contentsOfFile: out + "/" + report, encoding: .utf8)) ?? ""
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !(trimmed.hasSuffix("</testsuites>") || trimmed.hasSuffix("</html>")) { problems.append("killed at \(moment) s: \(report) is cut short") }
            }
        }
        return (problems, survived)
    }
}
