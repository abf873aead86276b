import Foundation
import Testing
@testable import SyncVerifier

/// A runner killed at any moment loses no finished scenario's evidence and
/// leaves no half-written file: evidence and reports are written to a
/// temporary file and renamed into place.
@Suite("Evidence of a killed runner", .tags(.endToEnd))
struct KilledRunnerEvidenceTests {
    typealias Gate = CIGateEndToEndTests

    @Test(.timeLimit(.minutes(5)))
    func everyFileLeftBehindIsWholeWheneverTheRunnerDies() throws {
        let scratch = Gate.Scratch()
        defer { scratch.remove() }
        let scenarios = ["control/filters.json", "control/field-direction.json", "schema/custom-objects.json", "schema/relationships.json",
                         "flows/lead-passing.json", "flows/mdf.json"].map { TestPaths.packageRoot.appendingPathComponent("Scenarios/" + $0).path }
        // Moments spread over the run's life: before the first evidence, between scenarios, while reports are written.
        var generator = SystemRandomNumberGenerator()
        let moments = [0.4, 2.5, 5.0, 8.0].map { $0 + Double.random(in: 0..<1.5, using: &generator) }
        var survived = 0
        for (index, moment) in moments.enumerated() {
            let out = scratch.path + "/run-\(index)"
            let run = try Gate.Launched(["run"] + scenarios + ["--out", out, "--jobs", "2"], in: scratch.url, label: "run-\(index)")
            usleep(UInt32(moment * 1_000_000))
            kill(run.process.processIdentifier, SIGKILL)
            _ = run.wait()
            Gate.expectNoProcess(mentioning: out)
            let files = FileManager.default.enumerator(atPath: out)?.compactMap { $0 as? String } ?? []
            for evidence in files where evidence.hasSuffix("/evidence.json") {
                let data = try Data(contentsOf: URL(fileURLWithPath: out + "/" + evidence))
                #expect(throws: Never.self, "killed at \(moment) s: \(evidence) is not whole") {
                    _ = try JSONReport.decoder.decode(ScenarioEvidence.self, from: data)
                }
                survived += 1
            }
            if files.contains("report.json") {
                #expect(throws: Never.self, "killed at \(moment) s: report.json is not whole") { _ = try Gate.report(out) }
            }
            for report in ["junit.xml", "report.html"] where files.contains(report) {
                let text = try String(contentsOfFile: out + "/" + report, encoding: .utf8)
                #expect(text.hasSuffix("</testsuites>\n") || text.hasSuffix("</html>\n") || text.hasSuffix("</testsuites>") || text.hasSuffix("</html>"),
                        "killed at \(moment) s: \(report) is cut short")
            }
        }
        #expect(survived > 0, "no kill came late enough to leave evidence: the moments are too early to test anything")
    }
}
