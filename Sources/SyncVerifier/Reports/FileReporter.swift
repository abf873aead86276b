import Foundation
import Synchronization

/// Writes the scorecard to a file in one format when the run ends, and each
/// scenario's evidence as it finishes. What could not be written is kept in
/// `problems`, so the command can fail loudly (exit 2) rather than let CI pass
/// with no report.
public struct FileReporter: RunReporter {
    public enum Format: String, Sendable, CaseIterable {
        case json, junit, markdown, html

        public var fileName: String {
            switch self {
            case .json: "report.json"
            case .junit: "junit.xml"
            case .markdown: "summary.md"
            case .html: "report.html"
            }
        }

        public func render(_ scorecard: Scorecard) -> String {
            switch self {
            case .json: JSONReport.render(scorecard)
            case .junit: JUnitReport.render(scorecard)
            case .markdown: MarkdownReport.render(scorecard)
            case .html: HTMLReport.render(scorecard)
            }
        }
    }

    /// Files that could not be written, with the reason.
    public final class Problems: Sendable {
        private let list = Mutex<[String]>([])
        func add(_ problem: String) { list.withLock { $0.append(problem) } }
        public var all: [String] { list.withLock { $0 } }
    }

    public let folder: URL
    public let formats: [Format]
    public let problems = Problems()

    public init(folder: URL, formats: [Format] = Format.allCases) {
        self.folder = folder
        self.formats = formats
    }

    public func runStarted(scenarios: Int, connector: String, jobs: Int, outFolder: String) {}

    public func scenarioFinished(_ evidence: ScenarioEvidence, finished: Int, total: Int) {
        let scenarioFolder = folder.appendingPathComponent(evidence.scenario)
        write(path: scenarioFolder.appendingPathComponent("evidence.json")) {
            try FileManager.default.createDirectory(at: scenarioFolder, withIntermediateDirectories: true)
            return try JSONReport.encoder.encode(evidence)
        }
    }

    public func runFinished(_ scorecard: Scorecard) {
        for format in formats {
            write(path: folder.appendingPathComponent(format.fileName)) { Data(format.render(scorecard).utf8) }
        }
    }

    private func write(path: URL, _ content: () throws -> Data) {
        do {
            try content().write(to: path)
        } catch {
            problems.add("\(path.path): cannot write it (\(RunFolder.describe(error)))")
        }
    }
}
