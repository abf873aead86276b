import CommandLineKit

/// Every subcommand the tool offers. Only commands that work are listed.
enum Commands {
    static let all: [CommandSpec] = [
        RunCommand.spec, CheckCommand.spec, MergeCommand.spec, ServeCommand.spec, FaultCommand.spec, ValidateCommand.spec, CompareCommand.spec,
        ChecklistCommand.spec, ConnectorCommand.spec,
    ]
}
