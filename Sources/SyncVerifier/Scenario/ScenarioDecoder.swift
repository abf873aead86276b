import FakeCRM
import FakeKit
import Foundation

/// Turns a scenario file into a `Scenario`, reporting every structural
/// problem (unknown keys, wrong types, missing keys, bad values) by JSON path.
/// Whether the names and references make sense for the chosen org is
/// `ScenarioValidator`'s job.
package struct ScenarioDecoder {
    static let commonKeys = ["format", "name", "description", "checklist", "connector", "setup", "steps", "timeoutSeconds"]
    static let stepKeywords = ["act", "inject", "clear", "checkpoint", "rollback", "expect", "waitSeconds", "restart"]

    let log: IssueLog
    /// The key that names a step's system: `side` in `@1`, `system` in `@2`.
    private let systemKey: SystemKey

    private final class SystemKey {
        var key = "side"
        /// The systems steps may name (in messages).
        var declared: [SystemID] = [.crm, .prm]
        /// Systems whose declaration is wrong: steps naming them are not reported again.
        var misdeclared: [SystemID] = []
    }

    init(log: IssueLog) {
        self.log = log
        systemKey = SystemKey()
    }

    func decode(_ data: Data) -> Scenario? {
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            log.add(error)
            return nil
        }
        let node = JSONNode(value: root, path: "", log: log)
        // The format decides the keys: `crm`/`prm` and `side` in @1, `systems` and `system` in @2.
        let format = root.objectValue?["format"]?.stringValue
        let second = format == Scenario.formats[1]
        let worldKeys = second ? ["systems"] : ["crm", "prm"]
        guard let top = node.object(allowed: Self.commonKeys + worldKeys, required: ["format", "name", "checklist", second ? "systems" : "crm", "steps"]) else { return nil }
        if let format, !Scenario.formats.contains(format) {
            top.child("format")?.fail("'\(format)' is not a known format (this version reads \(Scenario.formats.map { "'\($0)'" }.joined(separator: " and ")))")
        }
        let name = top.string("name") ?? ""
        if let child = top.child("name"), !name.isEmpty,
            !name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) {
            child.fail("use lower-case letters, digits and '-' (it names evidence files)")
        }
        let checklist = top.strings("checklist") ?? []
        if let child = top.child("checklist"), checklist.isEmpty, child.value.arrayValue?.isEmpty == true {
            child.fail("name at least one checklist id this scenario gives evidence for")
        }
        let systems: [Scenario.SystemDeclaration]
        if second {
            var misdeclared: [SystemID] = []
            systems = top.child("systems").map { systemList($0, misdeclared: &misdeclared) } ?? []
            systemKey.key = "system"
            // A system whose declaration is wrong was still meant: steps naming it are not wrong too.
            systemKey.declared = systems.map(\.id)
            systemKey.misdeclared = misdeclared
        } else {
            var crm = Scenario.CRMSetup(dialect: "salesforce", org: "partner-channel")
            if let object = top.child("crm")?.object(allowed: ["dialect", "org", "dailyApiLimit"], required: ["dialect"]) {
                crm = crmSetup(object, default: crm)
            }
            var prm = Scenario.PRMSetup(program: "default")
            if let object = top.child("prm")?.object(allowed: ["program", "rateLimit", "rateLimitWindowSeconds"]) { prm = prmSetup(object) }
            systems = [
                Scenario.SystemDeclaration(id: .crm, role: .vendor, crm: crm, prm: nil, partner: nil),
                Scenario.SystemDeclaration(id: .prm, role: .prm, crm: nil, prm: prm, partner: nil),
            ]
        }
        let settings = top.child("connector").map(connectorSettings) ?? ConnectorSettings()
        let setup = top.child("setup")?.array?.compactMap { step($0) } ?? []
        let steps = top.child("steps")?.array?.compactMap { step($0) } ?? []
        return Scenario(
            format2: second, file: log.file, name: name, description: top.string("description") ?? "", checklist: checklist,
            systems: systems, connector: settings, setup: setup, steps: steps,
            timeoutSeconds: top.seconds("timeoutSeconds") ?? 120)
    }

    // MARK: systems

    private func crmSetup(_ object: ObjectNode, default fallback: Scenario.CRMSetup) -> Scenario.CRMSetup {
        var crm = fallback
        crm.dialect = object.choice("dialect", CRMDialects.names) ?? crm.dialect
        crm.org = object.string("org") ?? crm.org
        crm.dailyApiLimit = positive(object, "dailyApiLimit")
        return crm
    }

    private func prmSetup(_ object: ObjectNode) -> Scenario.PRMSetup {
        var prm = Scenario.PRMSetup(program: object.string("program") ?? "default")
        prm.rateLimit = positive(object, "rateLimit")
        prm.rateLimitWindowSeconds = object.seconds("rateLimitWindowSeconds")
        return prm
    }

    /// An `@2` world: one vendor CRM, any partner CRMs, one PRM, each named once.
    private func systemList(_ node: JSONNode, misdeclared: inout [SystemID]) -> [Scenario.SystemDeclaration] {
        guard let items = node.array else { return [] }
        var systems: [Scenario.SystemDeclaration] = []
        var seen: [String: String] = [:]
        for item in items {
            if let name = item.value.objectValue?["name"]?.stringValue { misdeclared.append(SystemID(name)) }
            guard let head = item.value.objectValue, let roleName = head["role"]?.stringValue, let role = SystemRole(rawValue: roleName) else {
                if let object = item.object(allowed: ["name", "role", "dialect", "org", "dailyApiLimit", "partner", "program", "rateLimit", "rateLimitWindowSeconds"], required: ["name", "role"]) {
                    _ = object.choice("role", SystemRole.allCases.map(\.rawValue))
                }
                continue
            }
            let keys = role == .prm
                ? ["name", "role", "program", "rateLimit", "rateLimitWindowSeconds"]
                : ["name", "role", "dialect", "org", "dailyApiLimit"] + (role == .partner ? ["partner"] : [])
            guard let object = item.object(allowed: keys, required: ["name"] + (role == .prm ? [] : ["dialect", "org"]) + (role == .partner ? ["partner"] : [])),
                let name = object.string("name")
            else { continue }
            if name.isEmpty || !name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) || name.first == "-" {
                object.child("name")?.fail("use lower-case letters, digits and '-' (it prefixes seed refs and names evidence)")
                continue
            }
            if let first = seen[name] {
                object.child("name")?.fail("'\(name)' is already the name of \(first); every system has its own name")
                continue
            }
            seen[name] = item.path
            misdeclared.removeAll { $0.rawValue == name }
            if role == .prm {
                systems.append(.init(id: SystemID(name), role: role, crm: nil, prm: prmSetup(object), partner: nil))
            } else {
                let crm = crmSetup(object, default: Scenario.CRMSetup(dialect: "salesforce", org: "partner-channel"))
                systems.append(.init(id: SystemID(name), role: role, crm: crm, prm: nil, partner: object.string("partner")))
            }
        }
        for (role, what) in [(SystemRole.vendor, "the vendor's CRM (role \"vendor\")"), (.prm, "the PRM (role \"prm\")")] {
            let count = systems.filter { $0.role == role }.count
            if count != 1, items.count == systems.count || count > 1 {
                node.fail(count == 0 ? "declare \(what)" : "declares \(count) systems with role \"\(role.rawValue)\"; a world has exactly one")
            }
        }
        return systems
    }

    /// The system a step names (`side` in @1, `system` in @2), checked against those declared.
    private func systemOf(_ object: ObjectNode) -> SystemID? {
        let key = systemKey.key
        guard let child = object.child(key), let name = child.string else { return nil }
        guard systemKey.declared.contains(SystemID(name)) else {
            if systemKey.misdeclared.contains(SystemID(name)) { return nil }
            let known = systemKey.declared.map(\.rawValue).joined(separator: ", ")
            child.fail(key == "side" ? "'\(name)' is not one of crm, prm" : "no system '\(name)' is declared (systems: \(known))")
            return nil
        }
        return SystemID(name)
    }

    private func positive(_ object: ObjectNode, _ key: String) -> Int? {
        guard let child = object.child(key), let value = child.integer else { return nil }
        guard value > 0 else {
            child.fail("must be greater than 0")
            return nil
        }
        return value
    }

    // MARK: connector settings

    private func connectorSettings(_ node: JSONNode) -> ConnectorSettings {
        var settings = ConnectorSettings()
        guard let object = node.object(allowed: ConnectorSettings.keys) else { return settings }
        settings.pollIntervalSeconds = object.seconds("pollIntervalSeconds")
        settings.batchIntervalSeconds = object.seconds("batchIntervalSeconds")
        settings.conflictPolicy = object.choice("conflictPolicy", ConnectorSettings.conflictPolicies)
        settings.fieldDirections = object.child("fieldDirections")?.array?.compactMap { item in
            guard let entry = item.object(allowed: ["object", "field", "direction"], required: ["object", "field", "direction"]),
                let objectName = entry.string("object"), let field = entry.string("field"),
                let direction = entry.choice("direction", ConnectorSettings.directions)
            else { return nil }
            return ConnectorSettings.FieldDirection(object: objectName, field: field, direction: direction)
        } ?? []
        settings.filters = object.child("filters")?.array?.compactMap { item in
            guard let entry = item.object(allowed: [systemKey.key, "object", "field", "in"], required: [systemKey.key, "object", "field", "in"]),
                let side = systemOf(entry),
                let objectName = entry.string("object"), let field = entry.string("field"),
                let values = entry.child("in")?.array
            else { return nil }
            if values.isEmpty { entry.child("in")?.fail("list at least one value") }
            return ConnectorSettings.Filter(side: side, object: objectName, field: field, values: values.map(\.value))
        } ?? []
        return settings
    }

    // MARK: steps

    private func step(_ node: JSONNode) -> Step? {
        guard case .object(let members) = node.value else {
            node.fail("expected a step object, found \(JSONNode.kind(node.value))")
            return nil
        }
        let keywords = Self.stepKeywords.filter { members[$0] != nil }
        guard keywords.count == 1, let keyword = keywords.first else {
            node.fail(keywords.isEmpty
                ? "a step needs one of \(Self.stepKeywords.joined(separator: ", "))"
                : "a step has exactly one of \(keywords.joined(separator: ", ")), not several")
            return nil
        }
        let note = members["note"].flatMap { node.child("note", $0).string }
        let checklist = members["checklist"].flatMap { value -> [String]? in
            guard ["expect", "rollback"].contains(keyword) else { return nil }
            guard let items = node.child("checklist", value).array else { return nil }
            let ids = items.compactMap(\.string)
            if ids.isEmpty { node.child("checklist", value).fail("name at least one checklist id, or leave the key out") }
            return ids.count == items.count ? ids : nil
        }
        let kind: Step.Kind?
        switch keyword {
        case "act": kind = act(node)
        case "inject": kind = inject(node)
        case "clear":
            guard let object = node.object(allowed: ["clear", systemKey.key, "note"], required: [systemKey.key]) else { return nil }
            let side = sideOf(object)
            var name: String?
            if let child = object.child("clear") {
                if child.value.stringValue == "all" { name = nil } else { name = child.string }
            }
            kind = side.map { .clear(side: $0, fault: name) }
        case "checkpoint", "rollback":
            guard let object = node.object(allowed: [keyword, "note"] + (keyword == "rollback" ? ["checklist"] : [])), let name = object.string(keyword) else { return nil }
            kind = keyword == "checkpoint" ? .checkpoint(name) : .rollback(name)
        case "waitSeconds":
            guard let object = node.object(allowed: ["waitSeconds", "note"]), let seconds = object.seconds("waitSeconds") else { return nil }
            kind = .wait(seconds: seconds)
        case "restart":
            guard let object = node.object(allowed: ["restart", "note"]) else { return nil }
            if let child = object.child("restart"), child.value.stringValue != "connector" {
                child.fail("write \"restart\": \"connector\"")
            }
            kind = .restart
        default: kind = expect(node)
        }
        if kind == nil, let bind = members["bind"]?.stringValue { log.unresolvableBindings.insert(bind) }
        return kind.map { Step(path: node.path, note: note, checklist: checklist, kind: $0) }
    }

    private func sideOf(_ object: ObjectNode) -> SystemID? { systemOf(object) }

    private func act(_ node: JSONNode) -> Step.Kind? {
        let keys = ["act", systemKey.key, "object", "id", "fields", "as", "status", "bind", "count", "sentinels", "note"]
        guard let object = node.object(allowed: keys, required: [systemKey.key, "object"]) else { return nil }
        let verb = object.choice("act", Act.Verb.allCases.map(\.rawValue)).flatMap(Act.Verb.init(rawValue:))
        let side = sideOf(object)
        let objectName = object.string("object")
        let fields = object.child("fields").map(templates) ?? [:]
        let count = object.child("count").flatMap { child -> Int? in
            guard let value = child.integer else { return nil }
            guard (1...200_000).contains(value) else {
                child.fail("must be between 1 and 200000")
                return nil
            }
            return value
        }
        guard let verb, let side, let objectName else { return nil }
        return .act(Act(
            verb: verb, side: side, object: objectName, id: object.child("id").map { Template($0.value) }, fields: fields,
            actor: object.string("as"), status: object.string("status"), bind: object.string("bind"), count: count ?? 1,
            sentinels: object.bool("sentinels") ?? false))
    }

    private func templates(_ node: JSONNode) -> [String: Template] {
        guard let object = node.object(allowed: nodeKeys(node)) else { return [:] }
        return object.members.mapValues(Template.init)
    }

    /// Every key is allowed where the keys are the author's field names.
    private func nodeKeys(_ node: JSONNode) -> [String] { node.value.objectValue.map { Array($0.keys) } ?? [] }

    private func inject(_ node: JSONNode) -> Step.Kind? {
        guard let object = node.object(allowed: ["inject", systemKey.key, "bind", "note"], required: [systemKey.key]) else { return nil }
        let side = sideOf(object)
        let bind = object.string("bind")
        guard let child = object.child("inject") else { return nil }
        guard case .object = child.value else {
            child.fail("expected a fault object keyed on \"type\", found \(JSONNode.kind(child.value))")
            return nil
        }
        do {
            let data = try JSONEncoder().encode(child.value)
            let fault = try JSONDecoder().decode(FaultSpec.self, from: data)
            return side.map { .inject(side: $0, fault: fault, bind: bind) }
        } catch let error as DecodingError {
            let (path, message) = Self.split(error)
            log.add(child.path + path, message)
            return nil
        } catch {
            child.fail("\(error)")
            return nil
        }
    }

    private func expect(_ node: JSONNode) -> Step.Kind? {
        let kinds = ["record", "noRecord", "count", "alert", "noAlert", "noWrite", "incentives", "controlHistory", "value", "requests"]
        guard case .object(let members) = node.value, let kindName = members["expect"]?.stringValue, kinds.contains(kindName) else {
            let value = node.value.objectValue?["expect"] ?? .null
            node.child("expect", value).fail("expected one of \(kinds.joined(separator: ", "))")
            return nil
        }
        let common = ["expect", "withinSeconds", "note", "checklist"]
        let sideKey = systemKey.key
        let extra: [String]
        switch kindName {
        case "record": extra = [sideKey, "object", "where", "fields", "bind"]
        case "noRecord": extra = [sideKey, "object", "where"]
        case "count": extra = [sideKey, "object", "where", "equals"]
        case "alert": extra = ["object", "recordId", "contains"]
        case "noWrite": extra = [sideKey, "object", "operation", "field"]
        case "incentives": extra = ["registration", "bookings"]
        case "value": extra = [sideKey, "object", "equals"]
        case "requests": extra = [sideKey, "where", "atLeast", "atMost", "equals", "perSyncedRecord"]
        default: extra = []
        }
        let required: [String]
        switch kindName {
        case "record", "noRecord": required = [sideKey, "object", "where"]
        case "count": required = [sideKey, "object", "where", "equals"]
        case "noWrite": required = [sideKey]
        case "incentives": required = ["registration", "bookings"]
        case "value": required = [sideKey, "equals"]
        case "requests": required = [sideKey]
        default: required = []
        }
        guard let object = node.object(allowed: common + extra, required: required + ["withinSeconds"]) else { return nil }
        let within = object.seconds("withinSeconds")
        let side = object.has(systemKey.key) ? sideOf(object) : nil
        let objectName = object.string("object")
        let whereClause = object.child("where").map(matchers)
        let kind: Expectation.Kind?
        switch kindName {
        case "record":
            kind = side.flatMap { side in objectName.flatMap { name in whereClause.map { .record(
                side: side, object: name, where: $0, fields: object.child("fields").map(matchers) ?? [:], bind: object.string("bind")) } } }
        case "noRecord":
            kind = side.flatMap { side in objectName.flatMap { name in whereClause.map { .noRecord(side: side, object: name, where: $0) } } }
        case "count":
            let equals = object.child("equals").flatMap { child -> Int? in
                guard let value = child.integer else { return nil }
                if value < 0 { child.fail("must be 0 or more") }
                return value
            }
            kind = side.flatMap { side in objectName.flatMap { name in whereClause.flatMap { clause in equals.map {
                .count(side: side, object: name, where: clause, equals: $0) } } } }
        case "alert":
            kind = .alert(object: objectName, recordId: object.child("recordId").map { Template($0.value) }, contains: object.string("contains"))
        case "noAlert": kind = .noAlert
        case "noWrite":
            let operation = object.choice("operation", ["create", "update", "delete", "undelete", "schema"])
            kind = side.map { .noWrite(side: $0, object: objectName, operation: operation, field: object.string("field")) }
        case "incentives":
            let bookings = object.child("bookings").flatMap(\.integer)
            kind = object.child("registration").flatMap { registration in bookings.map {
                .incentives(registration: Template(registration.value), bookings: $0) } }
        case "value":
            kind = side.flatMap { side in object.child("equals").map { .value(side: side, object: objectName, equals: Template($0.value)) } }
        case "requests":
            func bound(_ key: String) -> Double? {
                guard let child = object.child(key) else { return nil }
                guard let value = child.number, value >= 0 else {
                    child.fail("must be a number, 0 or more")
                    return nil
                }
                return value
            }
            let bounds = Expectation.RequestBounds(
                atLeast: bound("atLeast"), atMost: bound("atMost"), equals: bound("equals"), perSyncedRecord: object.bool("perSyncedRecord") ?? false)
            if !["atLeast", "atMost", "equals"].contains(where: object.has) { node.fail("a requests expectation needs atLeast, atMost or equals") }
            kind = side.map { .requests(side: $0, where: object.child("where").map(matchers) ?? [:], bounds: bounds) }
        default: kind = .controlHistory
        }
        guard let kind, let within else { return nil }
        return .expect(Expectation(kind: kind, withinSeconds: within))
    }

    private func matchers(_ node: JSONNode) -> [String: Matcher] {
        guard let object = node.object(allowed: nodeKeys(node)) else { return [:] }
        var result: [String: Matcher] = [:]
        for key in object.members.keys.sorted() {
            if let matcher = matcher(object.child(key)!) { result[key] = matcher }
        }
        return result
    }

    private func matcher(_ node: JSONNode) -> Matcher? {
        guard case .object(let members) = node.value else { return .equals(Template(node.value)) }
        let operators = ["matches", "oneOf", "absent", "present", "approximately"]
        let given = operators.filter { members[$0] != nil }
        guard given.count == 1, let op = given.first else {
            node.fail(given.isEmpty
                ? "a matcher object needs one of \(operators.joined(separator: ", ")) (to compare with an object, there is no such field type)"
                : "a matcher has exactly one of \(given.joined(separator: ", "))")
            return nil
        }
        guard let object = node.object(allowed: op == "approximately" ? ["approximately", "tolerance"] : [op]) else { return nil }
        switch op {
        case "matches":
            guard let child = object.child("matches"), let pattern = child.string else { return nil }
            guard (try? NSRegularExpression(pattern: pattern)) != nil else {
                child.fail("'\(pattern)' is not a valid regular expression")
                return nil
            }
            return .matches(pattern)
        case "oneOf":
            guard let items = object.child("oneOf")?.array else { return nil }
            if items.isEmpty { object.child("oneOf")?.fail("list at least one value") }
            return .oneOf(items.map { Template($0.value) })
        case "absent", "present":
            guard let flag = object.bool(op) else { return nil }
            guard flag else {
                object.child(op)?.fail("write \"\(op)\": true (use \"\(op == "absent" ? "present" : "absent")\": true for the opposite)")
                return nil
            }
            return op == "absent" ? .absent : .present
        default:
            guard let target = object.number("approximately") else { return nil }
            let tolerance = object.child("tolerance").flatMap { child -> Double? in
                guard let value = child.number else { return nil }
                if value < 0 { child.fail("must be 0 or more") }
                return value
            } ?? 0.005
            return .approximately(target, tolerance: tolerance)
        }
    }

    // MARK: errors

    /// A `DecodingError` as (path suffix, message), for fault values decoded by FaultSpec.
    package static func split(_ error: DecodingError) -> (String, String) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { key in key.intValue.map { "[\($0)]" } ?? "." + key.stringValue }.joined()
        }
        switch error {
        case .dataCorrupted(let context): return (path(context.codingPath), context.debugDescription)
        case .keyNotFound(let key, let context): return (path(context.codingPath), "missing required key '\(key.stringValue)'")
        case .typeMismatch(let type, let context): return (path(context.codingPath), "expected \(Self.typeName(type))")
        case .valueNotFound(let type, let context): return (path(context.codingPath), "expected \(Self.typeName(type)), found null")
        @unknown default: return ("", "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}
