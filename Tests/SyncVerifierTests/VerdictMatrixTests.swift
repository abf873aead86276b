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
        #expect(mismatches.isEmpty, "\(connector):\n\(mismatches.joined(separator: "\n"))")
    }
}
