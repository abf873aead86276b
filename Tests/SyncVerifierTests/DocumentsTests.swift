import Foundation
import Testing

/// A clone has what its documents point at: nothing outside the repository,
/// and every relative link in README.md and docs/ names a file that exists.
@Suite("Documents", .tags(.inMemory))
struct DocumentsTests {
    static let root = TestPaths.packageRoot
    static let scanned = ["README.md", "Package.swift", "Sources", "Fakes", "Scenarios", "docs", "Examples"]

    static func files() -> [URL] {
        scanned.flatMap { name -> [URL] in
            let url = root.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return [] }
            guard isFolder.boolValue else { return [url] }
            return (FileManager.default.enumerator(atPath: url.path)?.compactMap { $0 as? String } ?? [])
                .filter { [".swift", ".md", ".json", ".py", ".c", ".h"].contains(where: $0.hasSuffix) }
                .map { url.appendingPathComponent($0) }
        }
    }

    @Test func nothingPointsOutsideTheRepository() throws {
        var found: [String] = []
        for file in Self.files() {
            let text = try String(contentsOf: file, encoding: .utf8)
            if text.contains("../shared") || text.contains("shared/DESIGN.md") || text.contains("shared/CHECKLIST.md") {
                found.append(file.path.replacingOccurrences(of: Self.root.path + "/", with: ""))
            }
        }
        #expect(found.isEmpty, "\(found)")
    }

    @Test func theLicenseIsApache2() throws {
        let license = try String(contentsOf: Self.root.appendingPathComponent("LICENSE"), encoding: .utf8)
        #expect(license.contains("Apache License\n                           Version 2.0, January 2004"))
        #expect(license.contains("END OF TERMS AND CONDITIONS"))
    }

    /// `docs/checklist.md` is written alongside; every other link must resolve now.
    @Test func relativeLinksInTheReadmeAndDocsResolve() throws {
        let pages = ["README.md", "docs/README.md", "docs/architecture.md", "docs/connector-contract.md"].map { Self.root.appendingPathComponent($0) }
        var broken: [String] = []
        let link = /\]\(([^)#\s]+)(#[^)]*)?\)/
        for page in pages {
            let text = try String(contentsOf: page, encoding: .utf8)
            for match in text.matches(of: link) {
                let target = String(match.output.1)
                if target.hasPrefix("http") || target.hasSuffix("checklist.md") { continue }
                let resolved = page.deletingLastPathComponent().appendingPathComponent(target).standardized.path
                if !FileManager.default.fileExists(atPath: resolved) { broken.append("\(page.lastPathComponent): \(target)") }
            }
        }
        #expect(broken.isEmpty, "\(broken)")
    }
}
