import Testing

@testable import CommandLineKit

@Suite(.tags(.inMemory)) struct CommandSpecTests {
    static let spec = CommandSpec(
        name: "run", abstract: "Run scenarios.", positionals: "[PATH…]",
        options: [
            OptionSpec("--connector", .value(name: "NAME"), help: "Connector."),
            OptionSpec("--jobs", .value(name: "N"), help: "Parallel jobs."),
            OptionSpec("--require", .repeated(name: "ID,…"), help: "Items that must pass."),
            OptionSpec("--http", help: "Plain HTTP."),
        ]
    ) { _ in 0 }

    @Test func parsesValuesFlagsAndPositionals() throws {
        let parsed = try Self.spec.parse(["a.json", "--connector", "naive", "--jobs=4", "--http", "--require", "x,y", "--require", "z", "b"])
        #expect(parsed.positionals == ["a.json", "b"])
        #expect(parsed.value("--connector") == "naive")
        #expect(try parsed.integer("--jobs", in: 1...64) == 4)
        #expect(parsed.flag("--http"))
        #expect(parsed.list("--require") == ["x", "y", "z"])
    }

    @Test func aCommandThatAcceptsAttributesKeepsUndeclaredOptionsInOrder() throws {
        let spec = CommandSpec(name: "fault", abstract: "Faults.", positionals: "ACTION", options: [OptionSpec("--side", .value(name: "S"), help: "SystemID.")], acceptsAttributes: true) { _ in 0 }
        let parsed = try spec.parse(["add", "throttle", "--limit", "10", "--side", "prm", "--window=3", "--delta", "-1"])
        #expect(parsed.positionals == ["add", "throttle"])
        #expect(parsed.value("--side") == "prm")
        #expect(parsed.attributes.map(\.name) == ["limit", "window", "delta"])
        #expect(parsed.attributes.map(\.value) == ["10", "3", "-1"])
        #expect(throws: UsageError("missing value for '--limit'")) { try spec.parse(["add", "throttle", "--limit"]) }
        #expect(throws: UsageError.self, "others still refuse them") { try Self.spec.parse(["--limit", "10"]) }
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try Self.spec.parse(["--", "--not-an-option"])
        #expect(parsed.positionals == ["--not-an-option"])
    }

    @Test(arguments: [
        (["--conector", "x"], "unknown option '--conector' for 'run' (did you mean '--connector'?)"),
        (["--bogus"], "unknown option '--bogus' for 'run'"),
        (["--connector"], "missing value for '--connector'"),
        (["--http=yes"], "option '--http' takes no value"),
        (["--jobs", "1", "--jobs", "2"], "option '--jobs' given more than once"),
    ])
    func rejectsBadArguments(arguments: [String], message: String) {
        #expect(throws: UsageError(message)) { try Self.spec.parse(arguments) }
    }

    @Test func integerOutOfRangeNamesTheOption() throws {
        let parsed = try Self.spec.parse(["--jobs", "0"])
        #expect(throws: UsageError("'--jobs' must be between 1 and 64, not 0")) { try parsed.integer("--jobs", in: 1...64) }
        let words = try Self.spec.parse(["--jobs", "four"])
        #expect(throws: UsageError("'--jobs' takes a whole number, not 'four'")) { try words.integer("--jobs", in: 1...64) }
    }

    @Test func commandWithoutPositionalsRejectsThem() {
        let spec = CommandSpec(name: "checklist", abstract: "x") { _ in 0 }
        #expect(throws: UsageError("unexpected argument 'extra' for 'checklist'")) { try spec.parse(["extra"]) }
    }
}

@Suite(.tags(.inMemory)) struct CommandLineToolTests {
    let tool = CommandLineTool(
        name: "tool", version: "tool 1.0", abstract: "A tool.",
        commands: [
            CommandSpec(name: "run", abstract: "Run.", options: [OptionSpec("--fail", help: "Fail.")]) { args in
                if args.flag("--fail") { throw ExitError(code: 1, "gate failed") }
                return 0
            }
        ])

    @Test func versionAndHelp() {
        #expect(tool.run(["--version"]) == .init(exitCode: 0, standardOutput: "tool 1.0\n"))
        #expect(tool.run(["--help"]).standardOutput.contains("run  Run."))
        #expect(tool.run(["run", "--help"]).standardOutput.contains("USAGE: tool run [--fail]"))
    }

    @Test func unknownCommandIsAUsageError() {
        let outcome = tool.run(["rn"])
        #expect(outcome.exitCode == 2)
        #expect(outcome.standardError.hasPrefix("error: unknown command 'rn' (did you mean 'run'?)"))
        #expect(tool.run([]).exitCode == 2)
    }

    @Test func usageErrorsExitTwoAndCommandErrorsKeepTheirCode() {
        #expect(tool.run(["run", "--nope"]).exitCode == 2)
        #expect(tool.run(["run", "--fail"]) == .init(exitCode: 1, standardError: "error: gate failed\n"))
        #expect(tool.run(["run"]).exitCode == 0)
    }
}
