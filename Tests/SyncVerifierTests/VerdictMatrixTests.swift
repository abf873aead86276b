import Foundation
import Testing
@testable import SyncVerifier

/// The whole scenario library against the three reference connectors, run
/// by the built binary as users run it, compared with the committed table
/// `Fixtures/verdict-matrix.md`: the complete connector earns every mark and
/// the naive ones lose exactly the marks they should.
@Suite("Verdict matrix of the library", .tags(.endToEnd))
struct VerdictMatrixTests {
    static let table: [String: [String: String]] = {
        let whole = (try? String(contentsOf: TestPaths.fixtures.appendingPathComponent("verdict-matrix.md"), encoding: .utf8)) ?? ""
        // The defect panel's table follows the library's; DefectPanelTests reads that one.
        let text = whole.components(separatedBy: "## Defect panel")[0]
        var rows: [String: [String: String]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4 else { continue }
            let id = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            rows[id] = ["mirror": cells[1], "fieldmap": cells[2], "nightly": cells[3]]
        }
        return rows
    }()

    /// The distributed channel's table: scenario name → connector → `passed` or `failed`.
    static let distributed: [String: [String: String]] = {
        let whole = (try? String(contentsOf: TestPaths.fixtures.appendingPathComponent("verdict-matrix.md"), encoding: .utf8)) ?? ""
        var rows: [String: [String: String]] = [:]
        for line in whole.split(separator: "\n") where line.hasPrefix("| distributed/") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5 else { continue }
            rows[String(cells[0].dropFirst("distributed/".count))] = ["mirror": cells[1], "fieldmap": cells[2], "nightly": cells[3]]
        }
        return rows
    }()

    @Test func theDistributedTableCoversEveryDistributedScenario() throws {
        let folder = TestPaths.packageRoot.appendingPathComponent("Scenarios/distributed")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        #expect(Set(names) == Set(Self.distributed.keys))
        #expect(names.count >= 4)
        #expect(Self.distributed.values.allSatisfy { $0["mirror"] == "passed" })
    }

    @Test func theTableCoversTheWholeChecklist() {
        #expect(Set(Self.table.keys) == ChecklistCatalogue.ids)
        #expect(Self.table.values.allSatisfy { $0["mirror"] == "pass" })
    }

    @Test(arguments: ["mirror", "fieldmap", "nightly"])
    func theLibraryGivesTheExpectedVerdicts(_ connector: String) async throws {
        let out = TestPaths.temporaryFolder("matrix-\(connector)")
        // The naive connectors mostly wait out deadlines, so they run more scenarios at once.
        let result = try await HeavyLane.run {
            try CommandLineEndToEndTests.run([
                "run", "--connector", connector, "--out", out.path, "--jobs", connector == "mirror" ? "2" : "8", "--seed", "11",
            ])
        }
        #expect(result.status == (connector == "mirror" ? 0 : 1), "\(result.stdout.suffix(3000))")
        let report = try JSONReport.load(path: out.appendingPathComponent("report.json").path)
        #expect(report.scenarios.count >= 32)
        var mismatches: [String] = []
        for item in report.items {
            guard let expected = Self.table[item.id]?[connector] else {
                mismatches.append("\(item.id): not in the table")
                continue
            }
            let actual = item.status.rawValue
            let matches = switch expected {
            case "not pass": item.status == .partial || item.status == .fail
            default: expected == actual
            }
            if !matches { mismatches.append("\(item.id): expected \(expected), got \(actual) (\(item.summary.prefix(200)))") }
        }
        for scenario in report.scenarios {
            guard let expected = Self.distributed[scenario.name]?[connector] else { continue }
            if scenario.verdict.rawValue != expected {
                mismatches.append("distributed/\(scenario.name): expected \(expected), got \(scenario.verdict.rawValue) (\((scenario.reason ?? "").prefix(200)))")
            }
        }
        #expect(report.scenarios.filter { Self.distributed[$0.name] != nil }.count == Self.distributed.count, "every distributed scenario ran")
        #expect(mismatches.isEmpty, "\(connector):\n\(mismatches.joined(separator: "\n"))")
    }
}
