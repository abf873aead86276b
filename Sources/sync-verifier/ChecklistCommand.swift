import CommandLineKit
import FakeKit
import Foundation
import SyncVerifier

/// `sync-verifier checklist [--json]`: the catalogue the scorecard reports.
enum ChecklistCommand {
    static let spec = CommandSpec(
        name: "checklist",
        abstract: "Print the buyer checklist: every item the scorecard reports.",
        options: [OptionSpec("--json", help: "Print JSON instead of text.")],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        var text = ""
        if arguments.flag("--json") {
            let items = ChecklistCatalogue.items.map { item -> OrderedJSON in
                .object([("id", .value(.string(item.id))), ("section", .value(.string(item.section))),
                         ("question", .value(.string(item.question))), ("measure", .value(.string(item.measure)))])
            }
            text = OrderedJSON.object([("format", .value("sync-verifier/checklist@1")), ("items", .array(items))]).text + "\n"
        } else {
            var section = ""
            for item in ChecklistCatalogue.items {
                if item.section != section {
                    section = item.section
                    text += (text.isEmpty ? "" : "\n") + section + "\n"
                }
                text += "  \(item.id.padding(toLength: 34, withPad: " ", startingAt: 0))\(item.question.isEmpty ? item.measure : item.question)\n"
            }
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        return 0
    }
}
