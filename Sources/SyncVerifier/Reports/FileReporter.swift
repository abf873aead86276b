import Foundation

/// Writes the scorecard to a file in one format when the run ends, and each
/// scenario's evidence as it finishes.
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

    public let folder: URL
    public let formats: [Format]

    public init(folder: URL, formats: [Format] = Format.allCases) {
        self.folder = folder
        self.formats = formats
    }

    public func runStarted(scenarios: Int, connector: String, jobs: Int, outFolder: String) {}

    public func scenarioFinished(_ evidence: ScenarioEvidence, finished: Int, total: Int) {
        let scenarioFolder = folder.appendingPathComponent(evidence.scenario)
        try? FileManager.default.createDirectory(at: scenarioFolder, withIntermediateDirectories: true)
        try? JSONReport.encoder.encode(evidence).write(to: scenarioFolder.appendingPathComponent("evidence.json"))
    }

    public func runFinished(_ scorecard: Scorecard) {
        for format in formats {
            try? Data(format.render(scorecard).utf8).write(to: folder.appendingPathComponent(format.fileName))
        }
    }
}
