import CommandLineKit
import Foundation
import SyncVerifier

/// `sync-verifier compare A.json B.json …`: connectors side by side.
enum CompareCommand {
    static let spec = CommandSpec(
        name: "compare",
        abstract: "Put several runs' report.json side by side: the checklist grid and metrics per connector.",
        discussion: """
            Prints text by default; --format markdown or html for a CI summary or a report to share (--out FILE writes it).
            Each score is shown with the items it is over. Runs that played different scenarios, or used different
            seeds, CRM dialects or harness versions, are compared with a warning (in the output and on standard error).
            """,
        positionals: "REPORT.json…",
        options: [
            OptionSpec("--format", .value(name: "FORMAT"), help: "text (default), markdown or html."),
            OptionSpec("--out", .value(name: "FILE"), help: "Write to FILE instead of standard output."),
        ],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard !arguments.positionals.isEmpty else { throw UsageError("compare: give one or more report.json files") }
        let format = try arguments.choice("--format", among: ["text", "markdown", "html"]) ?? "text"
        let cards: [Scorecard]
        do {
            cards = try arguments.positionals.map { try JSONReport.load(path: $0) }
        } catch {
            throw ExitError(code: 2, "\(error)")
        }
        // On standard error too, so a CI log shows them whatever the format.
        for warning in ComparisonReport.warnings(cards) { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        let text = switch format {
        case "markdown": ComparisonReport.markdown(cards)
        case "html": ComparisonReport.html(cards)
        default: ComparisonReport.text(cards)
        }
        if let out = arguments.value("--out") {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        return 0
    }
}
