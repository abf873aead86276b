import CommandLineKit
import SyncVerifier

/// The CI gate's options, the same for `run` and `merge`.
enum GateOptions {
    static let specs = [
        OptionSpec("--min-score", .value(name: "N"), help: "Gate: fail (exit 1) below this score (0-100)."),
        OptionSpec("--require", .repeated(name: "ID,…"), help: "Gate: these checklist items must pass."),
    ]

    static func parse(_ arguments: ParsedArguments) throws -> Gate {
        let minScore = try arguments.integer("--min-score", in: 0...100).map(Double.init)
        let gate = Gate(minScore: minScore, required: arguments.list("--require"))
        if !gate.unknownRequirements.isEmpty {
            throw ExitError(
                code: 2,
                "--require: \(gate.unknownRequirements.joined(separator: ", ")) not checklist ids (see `sync-verifier checklist`)"
            )
        }
        return gate
    }
}
