import Foundation
import Synchronization
import Testing
@testable import SyncVerifier

/// The defect panel: the mirror connector with one realistic defect planted
/// at a time (`SV_REFERENCE_DEFECT`, see `MirrorDefect`), each run by the
/// built binary on the scenarios a buyer would use to test for it. Every
/// defect must be caught by the checklist item it belongs to and fail the
/// default gate; the complete connector, on the same scenarios, must pass
/// everything. The rows live in `Fixtures/verdict-matrix.md` ("Defect panel").
@Suite("Defect panel", .tags(.endToEnd))
struct DefectPanelTests {
    struct Row: Sendable, CustomStringConvertible {
        let defect: String
        let scenarios: [String]
        let item: String
        /// `fail`, or `not pass` (partial or fail) where the defect leaves an honest share.
        let verdict: String
        var description: String { defect }
    }

    static let rows: [Row] = {
        let text = (try? String(contentsOf: TestPaths.fixtures.appendingPathComponent("verdict-matrix.md"), encoding: .utf8)) ?? ""
        guard let start = text.range(of: "## Defect panel") else { return [] }
        return text[start.upperBound...].split(separator: "\n").filter { $0.hasPrefix("| `") }.compactMap { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4 else { return nil }
            func bare(_ cell: String) -> [String] { cell.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "` ")) } }
            return Row(defect: bare(cells[0])[0], scenarios: bare(cells[1]), item: bare(cells[2])[0], verdict: cells[3])
        }
    }()

    struct Outcome: Sendable {
        let row: Row
        let status: Int32
        let verdict: String
        let gate: String
        let summary: String
    }

    static func manifest(defect: String?, in folder: URL) throws -> String {
        let env = defect.map { #", "env": {"SV_REFERENCE_DEFECT": "\#($0)"}"# } ?? ""
        let json = #"{"name": "mirror\#(defect.map { "-" + $0 } ?? "")", "command": ["\#(TestPaths.binary)", "connector", "mirror"]\#(env), "capabilities": {"control": true}}"#
        let path = folder.appendingPathComponent("connector.json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func play(_ scenarios: [String], defect: String?, folder: URL) throws -> (CommandLineEndToEndTests.Output, Scorecard) {
        let paths = scenarios.map { TestPaths.packageRoot.appendingPathComponent("Scenarios/" + $0).path }
        let output = try CommandLineEndToEndTests.run(
            ["run"] + paths + ["--connector", try manifest(defect: defect, in: folder), "--out", folder.appendingPathComponent("out").path, "--jobs", "2"])
        let report = try JSONReport.load(path: folder.appendingPathComponent("out/report.json").path)
        return (output, report)
    }

    /// The connector names its defects when given one it does not know (and refuses to run).
    static func plantableDefects() throws -> (status: Int32, names: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = ["connector", "mirror"]
        process.environment = ["SV_REFERENCE_DEFECT": "no-such-defect", "PATH": "/usr/bin:/bin"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard let range = text.range(of: "(known: "), let end = text[range.upperBound...].firstIndex(of: ")") else { return (process.terminationStatus, []) }
        return (process.terminationStatus, text[range.upperBound..<end].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    @Test func thePanelCoversEveryPlantedDefect() throws {
        let (status, names) = try Self.plantableDefects()
        #expect(status == 2, "an unknown defect must stop the connector")
        #expect(Set(Self.rows.map(\.defect)) == Set(names))
        #expect(Self.rows.count >= 15)
    }

    /// Every row played by the built binary, six at a time: most of a
    /// defective run is waiting out deadlines, so six keep two cores busy, not swamped.
    static func playAll(_ rows: [Row], in root: URL) -> (outcomes: [Int: Outcome], failures: [String]) {
        let lanes = DispatchSemaphore(value: 6)
        let outcomes = Mutex<[Int: Outcome]>([:])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: rows.count) { index in
            lanes.wait()
            defer { lanes.signal() }
            let row = rows[index]
            let folder = root.appendingPathComponent(row.defect)
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            do {
                let (output, report) = try Self.play(row.scenarios, defect: row.defect, folder: folder)
                let item = report.item(row.item)
                outcomes.withLock {
                    $0[index] = Outcome(
                        row: row, status: output.status, verdict: item?.status.rawValue ?? "missing", gate: report.gate?.reason ?? "",
                        summary: item?.summary ?? "")
                }
            } catch {
                failures.withLock { $0.append("\(row.defect): \(error)") }
            }
        }
        return (outcomes.withLock { $0 }, failures.withLock { $0 })
    }

    @Test(.timeLimit(.minutes(20)))
    func everyDefectIsCaughtByItsItemAndFailsTheGate() async throws {
        let root = TestPaths.temporaryFolder("defect-panel")
        defer { try? FileManager.default.removeItem(at: root) }
        let rows = Self.rows
        let (outcomes, failures) = try await HeavyLane.run { Self.playAll(rows, in: root) }
        #expect(failures.isEmpty, "\(failures)")
        var table = ["| defect | caught by | verdict | gate exit |", "|---|---|---|---|"]
        var caught = 0
        for outcome in outcomes.sorted(by: { $0.key < $1.key }).map(\.value) {
            let verdictHolds = outcome.row.verdict == "fail" ? outcome.verdict == "fail" : ["partial", "fail"].contains(outcome.verdict)
            if verdictHolds && outcome.status == 1 { caught += 1 }
            table.append("| `\(outcome.row.defect)` | `\(outcome.row.item)` | \(outcome.verdict) | \(outcome.status) |")
            #expect(verdictHolds, "\(outcome.row.defect): \(outcome.row.item) is \(outcome.verdict), expected \(outcome.row.verdict): \(outcome.summary)")
            #expect(outcome.status == 1, "\(outcome.row.defect): the default gate exited \(outcome.status): \(outcome.gate)")
        }
        print(table.joined(separator: "\n"))
        print("Defect panel mutation score: \(caught) of \(rows.count) defects caught (\(rows.isEmpty ? 0 : 100 * caught / rows.count) %)")
    }

    @Test func theCompleteConnectorPassesEveryPanelScenario() async throws {
        let folder = TestPaths.temporaryFolder("defect-panel-control")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenarios = Array(Set(Self.rows.flatMap(\.scenarios))).sorted()
        let (output, report) = try await HeavyLane.run { try Self.play(scenarios, defect: nil, folder: folder) }
        #expect(output.status == 0, "\(output.stdout.suffix(2000))")
        let notPassed = report.items.filter { $0.status != .pass && $0.status != .notRun }.map { "\($0.id): \($0.status.rawValue) \($0.summary)" }
        #expect(notPassed.isEmpty, "\(notPassed)")
    }
}
