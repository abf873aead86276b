import CommandLineKit
import FakeKit
import Foundation
import HTTP
import SyncVerifier

/// `sync-verifier fault`: faults against a running `serve`, as
/// `toxiproxy-cli toxic add` adds toxics. A fault is built from the flags
/// (`--ATTRIBUTE value` for any attribute its type's description lists) and
/// decoded by the very decoder scenarios use before it is sent, so a
/// mistake reads as it would in a scenario file (`inject.windowSeconds: …`).
enum FaultCommand {
    static let spec = CommandSpec(
        name: "fault",
        abstract: "Add, list and clear faults on a running 'serve' (drift and credential changes too).",
        discussion: """
            fault add [--side crm|prm] TYPE [--ATTRIBUTE VALUE…]   add a traffic fault or apply a change
            fault list [--side crm|prm]                            every fault and its state (both sides by default)
            fault clear [ID] [--side crm|prm]                      clear one traffic fault, or all of them
            fault drift CHANGE [--side crm|prm] --object … …       a schema change (add-field, rename-field, …)
            fault auth expire|revoke|rotate [--side] [--client-id ID | --refresh-token T]
            fault reset [--side crm|prm]                           clear faults, their record and the request log
            fault types                                            every fault type and its attributes

            Attributes are the JSON names of the README's fault reference, as --windowSeconds,
            --window-seconds or, without the unit, --window; lists are comma-separated (--methods GET,PATCH);
            scope attributes (--pathPrefixes, --probability, --requestCount…) go into the fault's scope;
            nested definitions are JSON (--field '{"name":"X__c","type":"string"}').
            Examples:
              sync-verifier fault add --side crm throttle --limit 10 --window 3
              sync-verifier fault add --side prm bandwidth --bytes-per-second 10240 --path-prefixes /api/v1/partners
              sync-verifier fault drift add-field --object Account --field '{"name":"Tier__c","type":"string"}'
              sync-verifier fault auth revoke --client-id sync-verifier-connector

            The admin URLs come from --admin-url / --prm-admin-url, else from --env FILE (serve's
            JSON line, `export K=V` or `K=V` lines), else from the environment: SV_ADMIN_URL (the CRM's),
            SV_PRM_URL (+ /__admin), SV_CA_BUNDLE, SV_ADMIN_TOKEN.
            """,
        positionals: "ACTION [ARGUMENT…]",
        options: [
            OptionSpec(
                "--side", .value(name: "crm|prm"), help: "Which fake (default crm; list, clear and reset: both)."),
            OptionSpec(
                "--env", .value(name: "FILE"),
                help: "A file with serve's variables (its JSON line, export or dotenv lines)."),
            OptionSpec("--admin-url", .value(name: "URL"), help: "The CRM's admin API (default $SV_ADMIN_URL)."),
            OptionSpec(
                "--prm-admin-url", .value(name: "URL"), help: "The PRM's admin API (default $SV_PRM_URL/__admin)."),
            OptionSpec(
                "--ca-bundle", .value(name: "FILE"),
                help: "The CA the fakes' certificates chain to (default $SV_CA_BUNDLE)."),
            OptionSpec("--json", help: "Print the admin API's answers as JSON."),
        ],
        acceptsAttributes: true,
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let action = arguments.positionals.first else {
            throw UsageError("fault needs an action: add, list, clear, drift, auth, reset or types")
        }
        let rest = Array(arguments.positionals.dropFirst())
        let attributes = arguments.attributes
        if action != "add", action != "drift", action != "auth", let first = attributes.first {
            throw UsageError("unknown option '--\(first.name)' for 'fault \(action)'")
        }
        switch action {
        case "types":
            print(FaultTypesText.text, terminator: "")
            return 0
        case "add":
            guard let type = rest.first else {
                throw UsageError("fault add needs a fault type (\(FaultSpec.types.joined(separator: ", ")))")
            }
            try refuseExtra(rest.dropFirst(), after: "fault add \(type)")
            return try add(FaultBuilder.fault(type: type, attributes: attributes), arguments)
        case "drift":
            guard let change = rest.first else {
                throw UsageError(
                    "fault drift needs a change (\(DriftFault.Change.allCases.map { FaultAttribute.kebab($0.rawValue) }.joined(separator: ", ")))"
                )
            }
            try refuseExtra(rest.dropFirst(), after: "fault drift \(change)")
            return try add(
                FaultBuilder.fault(type: "drift", discriminator: FaultBuilder.camel(change), attributes: attributes),
                arguments)
        case "auth":
            guard let verb = rest.first else {
                throw UsageError("fault auth needs an action: expire, revoke or rotate")
            }
            try refuseExtra(rest.dropFirst(), after: "fault auth \(verb)")
            let actions = ["expire": "expireTokens", "revoke": "revoke", "rotate": "rotateSecret"]
            return try add(
                FaultBuilder.fault(type: "auth", discriminator: actions[verb] ?? verb, attributes: attributes),
                arguments)
        case "list":
            try refuseExtra(rest[...], after: "fault list")
            return try list(arguments)
        case "clear":
            guard rest.count <= 1 else { throw UsageError("fault clear takes at most one fault id") }
            return try clear(id: rest.first, arguments)
        case "reset":
            try refuseExtra(rest[...], after: "fault reset")
            for side in try sides(arguments, default: [.crm, .prm]) {
                try AdminClient(arguments, side: side).send(.post, "/reset")
                print("\(side.rawValue): faults, their record and the request log cleared")
            }
            return 0
        default:
            let suggestion = CommandSpec.closest(
                to: action, among: ["add", "list", "clear", "drift", "auth", "reset", "types"])
            throw UsageError(
                "unknown fault action '\(action)'\(suggestion.map { " (did you mean '\($0)'?)" } ?? "") (add, list, clear, drift, auth, reset, types)"
            )
        }
    }

    static func refuseExtra(_ extra: ArraySlice<String>, after words: String) throws {
        if let first = extra.first { throw UsageError("unexpected argument '\(first)' after '\(words)'") }
    }

    static func sides(_ arguments: ParsedArguments, default fallback: [FaultSide]) throws -> [FaultSide] {
        guard let side = try arguments.choice("--side", among: FaultSide.allCases.map(\.rawValue)) else {
            return fallback
        }
        return [FaultSide(rawValue: side)!]
    }

    static func add(_ fault: JSONValue, _ arguments: ParsedArguments) throws -> Int32 {
        let side = try sides(arguments, default: [.crm])[0]
        let record = try AdminClient(arguments, side: side).send(.post, "/faults", body: fault)
        if arguments.flag("--json") {
            print(record.text)
            return 0
        }
        let value = try JSONDecoder().decode(JSONValue.self, from: record.body)
        print(
            "\(side.rawValue): fault \(value["id"].map(FaultTable.show) ?? "?") \(value["state"].map(FaultTable.show) ?? "") \(value["spec"].map { FaultTable.show(FaultTable.compact($0)) } ?? "")"
        )
        if let result = value["result"] { print("result: \(FaultTable.show(result))") }
        return 0
    }

    static func list(_ arguments: ParsedArguments) throws -> Int32 {
        var rows: [(FaultSide, JSONValue)] = []
        for side in try sides(arguments, default: [.crm, .prm]) {
            let page = try AdminClient(arguments, side: side).send(.get, "/faults")
            if arguments.flag("--json") {
                print("{\"side\":\"\(side.rawValue)\",\"faults\":\(page.text)}")
                continue
            }
            let value = try JSONDecoder().decode(JSONValue.self, from: page.body)
            rows += (value["data"]?.arrayValue ?? []).map { (side, $0) }
        }
        if !arguments.flag("--json") { print(FaultTable.render(rows), terminator: "") }
        return 0
    }

    static func clear(id: String?, _ arguments: ParsedArguments) throws -> Int32 {
        if let id {
            guard Int(id) != nil else { throw UsageError("a fault id is a whole number, not '\(id)'") }
            let side = try sides(arguments, default: [.crm])[0]
            try AdminClient(arguments, side: side).send(.delete, "/faults/\(id)")
            print("\(side.rawValue): fault \(id) cleared")
            return 0
        }
        for side in try sides(arguments, default: [.crm, .prm]) {
            try AdminClient(arguments, side: side).send(.delete, "/faults")
            print("\(side.rawValue): every traffic fault cleared")
        }
        return 0
    }
}

/// Which fake a fault command talks to.
enum FaultSide: String, CaseIterable {
    case crm, prm
}
