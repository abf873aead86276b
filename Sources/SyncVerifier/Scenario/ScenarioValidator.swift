import FakePRM
import FakeKit
import Foundation

/// Checks what the decoder cannot: checklist ids, object and field names for
/// the chosen org and program, `${…}` references to bindings made earlier,
/// and steps that cannot happen (a rollback to a checkpoint never taken).
struct ScenarioValidator {
    let log: IssueLog
    /// The world as the steps so far leave it (drift steps change it).
    private let current: ShapeBox
    var shape: ScenarioWorldShape { current.shape }

    private final class ShapeBox {
        var shape: ScenarioWorldShape
        init(_ shape: ScenarioWorldShape) { self.shape = shape }
    }

    init(log: IssueLog, shape: ScenarioWorldShape) {
        self.log = log
        current = ShapeBox(shape)
    }

    /// Names bound so far, with the side and object they hold (nil object: a fault).
    private final class Bindings {
        var records: [String: (side: SystemID, object: String)] = [:]
        var faults: [String: SystemID] = [:]
        var checkpoints: Set<String> = []
    }

    func validate(_ scenario: Scenario, checklistPath: (Int) -> String) {
        for (index, id) in scenario.checklist.enumerated() where !ChecklistCatalogue.ids.contains(id) {
            let near = ChecklistCatalogue.items.map(\.id).filter { $0.hasPrefix(id.split(separator: ".").first.map(String.init) ?? "") }
            log.add(checklistPath(index), "'\(id)' is not a checklist id" + (near.isEmpty ? "" : " (did you mean one of: \(near.joined(separator: ", "))?)"))
        }
        if Set(scenario.checklist).count != scenario.checklist.count { log.add("checklist", "lists an id more than once") }
        validateSystems(scenario)
        validateSettings(scenario.connector)
        let bindings = Bindings()
        for (ref, seed) in shape.seeds { bindings.records[ref] = seed }
        for step in scenario.setup {
            if case .act = step.kind {} else { log.add(step.path, "setup holds only act steps (they happen before the connector starts)") }
            validate(step, bindings)
        }
        for step in scenario.steps {
            validate(step, bindings)
            for (index, id) in (step.checklist ?? []).enumerated() where !scenario.checklist.contains(id) {
                log.add(step.path + ".checklist[\(index)]", "'\(id)' is not among the scenario's checklist ids (\(scenario.checklist.joined(separator: ", ")))")
            }
        }
    }

    /// A partner CRM belongs to a partner of the program, and to one only.
    private func validateSystems(_ scenario: Scenario) {
        let partners = shape.program.partners.map(\.ref)
        var owners: [String: SystemID] = [:]
        for (index, system) in scenario.systems.enumerated() {
            guard let partner = system.partner else { continue }
            if !partners.contains(partner) {
                log.add("systems[\(index)].partner", "no partner '\(partner)' in the program (partners: \(partners.joined(separator: ", ")))")
            } else if let other = owners[partner] {
                log.add("systems[\(index)].partner", "partner '\(partner)' already runs '\(other)'; give each partner one CRM")
            }
            owners[partner] = system.id
        }
    }

    private func validateSettings(_ settings: ConnectorSettings) {
        let vendor = shape.systems.first { $0.role == .vendor }?.id ?? .crm
        for (index, direction) in settings.fieldDirections.enumerated() {
            checkField(direction.field, of: direction.object, on: vendor, path: "connector.fieldDirections[\(index)]")
        }
        for (index, filter) in settings.filters.enumerated() {
            checkField(filter.field, of: filter.object, on: filter.side, path: "connector.filters[\(index)]")
        }
    }

    @discardableResult
    private func checkObject(_ name: String, on side: SystemID, path: String) -> ObjectDefinition? {
        if let object = shape.object(name, on: side) { return object }
        guard let system = shape.system(side) else { return nil }
        let known = system.role.isCRM
            ? system.schema.objects.map(\.name)
            : PRMResourceCatalog.paths + system.schema.objects.filter { PRMResourceCatalog.path(forObject: $0.name) == nil }.map(\.name)
        log.add(path + ".object", "no object '\(name)' on the \(side.rawValue) side (known: \(known.joined(separator: ", ")))")
        return nil
    }

    private func checkField(_ field: String, of objectName: String, on side: SystemID, path: String) {
        guard let object = checkObject(objectName, on: side, path: path) else { return }
        if object.field(field) == nil && !(shape.role(of: side) == .prm && field == "id") {
            log.add(path + ".field", "\(objectName) has no field '\(field)'")
        }
    }

    private func checkFields(_ names: [String], of object: ObjectDefinition?, side: SystemID, path: String) {
        guard let object else { return }
        for name in names.sorted() where object.field(name) == nil && !(name == "id" || name == "Id") {
            log.add(path + "." + name, "\(object.name) has no field '\(name)' on the \(side.rawValue) side")
        }
    }

    private func checkReferences(_ templates: [Template], path: String, _ bindings: Bindings) {
        for template in templates {
            var texts: [String] = []
            collectStrings(template.value, into: &texts)
            for text in texts {
                for problem in Template.malformed(in: text) { log.add(path, problem) }
            }
            for reference in template.references where reference.binding != "n" && !log.unresolvableBindings.contains(reference.binding) {
                guard let bound = bindings.records[reference.binding] else {
                    let seeding = shape.systemsSeeding(reference.binding)
                    if seeding.count > 1 {
                        let names = seeding.map(\.rawValue)
                        log.add(path, "'${\(reference.binding).\(reference.attribute)}': \(names.count == 2 ? "both " : "")\(names.joined(separator: " and ")) \(names.count == 2 ? "" : "all ")seed '\(reference.binding)'; write \(names.map { "\($0)-\(reference.binding)" }.joined(separator: " or "))")
                        continue
                    }
                    log.add(path, "'${\(reference.binding).\(reference.attribute)}' refers to '\(reference.binding)', which no earlier step binds")
                    continue
                }
                if reference.attribute != "id", let object = shape.object(bound.object, on: bound.side), object.field(reference.attribute) == nil {
                    log.add(path, "'${\(reference.binding).\(reference.attribute)}': \(bound.object) has no field '\(reference.attribute)'")
                }
            }
        }
    }

    private func collectStrings(_ value: JSONValue, into texts: inout [String]) {
        switch value {
        case .string(let text): texts.append(text)
        case .array(let items): for item in items { collectStrings(item, into: &texts) }
        case .object(let members): for item in members.values { collectStrings(item, into: &texts) }
        default: break
        }
    }

    private func bind(_ name: String?, side: SystemID, object: String, path: String, _ bindings: Bindings) {
        guard let name else { return }
        if name == "n" { log.add(path + ".bind", "'n' is reserved for the index of a repeated create") }
        if bindings.records[name] != nil || bindings.faults[name] != nil {
            log.add(path + ".bind", "'\(name)' is already bound (by the org, the program or an earlier step)")
        }
        bindings.records[name] = (side, object)
    }

    private func validate(_ step: Step, _ bindings: Bindings) {
        let path = step.path
        switch step.kind {
        case .act(let act): validate(act, path: path, bindings)
        case .inject(let side, let fault, let bind):
            if case .drift(let drift) = fault {
                if drift.change != .addObject, shape.object(drift.object, on: side) == nil {
                    log.add(path + ".inject.object", "no object '\(drift.object)' on the \(side.rawValue) side")
                }
                current.shape.apply(drift, on: side)
            }
            if let bind {
                if bindings.faults[bind] != nil || bindings.records[bind] != nil { log.add(path + ".bind", "'\(bind)' is already bound") }
                bindings.faults[bind] = side
            }
        case .clear(let side, let fault):
            if let fault {
                if let boundSide = bindings.faults[fault] {
                    if boundSide != side { log.add(path + ".side", "fault '\(fault)' was injected on the \(boundSide.rawValue) side") }
                } else {
                    log.add(path + ".clear", "no earlier inject step binds a fault named '\(fault)' (write \"all\" to clear every fault)")
                }
            }
        case .checkpoint(let name):
            if !bindings.checkpoints.insert(name).inserted { log.add(path + ".checkpoint", "checkpoint '\(name)' is taken twice") }
        case .rollback(let name):
            if !bindings.checkpoints.contains(name) { log.add(path + ".rollback", "no earlier checkpoint step is named '\(name)'") }
        case .expect(let expectation): validate(expectation, path: path, bindings)
        case .wait, .restart: break
        }
    }

    private func validate(_ act: Act, path: String, _ bindings: Bindings) {
        let role = shape.role(of: act.side) ?? .vendor
        if role == .prm && act.object == "rules" {
            // A segmentation rule (POST /api/v1/rules): its fields are the rule's, checked by the PRM when it runs.
            if act.verb != .create { log.add(path + ".act", "PRM rules can only be created") }
            checkReferences(Array(act.fields.values), path: path, bindings)
            return
        }
        let object = checkObject(act.object, on: act.side, path: path)
        let storeObject = object?.name ?? act.object
        checkFields(Array(act.fields.keys), of: object, side: act.side, path: path + ".fields")
        checkReferences(Array(act.fields.values) + (act.id.map { [$0] } ?? []), path: path, bindings)
        switch act.verb {
        case .create:
            if act.id != nil { log.add(path + ".id", "a create makes a new record; it takes no id") }
        default:
            if act.id == nil { log.add(path, "'\(act.verb.rawValue)' needs the record's \"id\"") }
            if act.count != 1 { log.add(path + ".count", "only a create can be repeated") }
            if act.sentinels { log.add(path + ".sentinels", "sentinel values are written by a create") }
        }
        if act.count > 1, act.bind != nil { log.add(path + ".bind", "a repeated create cannot bind one record; drop bind or count") }
        if act.verb == .setStatus || (act.verb == .create && act.status != nil) {
            if role != .prm || !["DealRegistration", "MDFRequest"].contains(storeObject) {
                log.add(path + ".act", act.verb == .create
                    ? "a create takes a status only for PRM deal registrations and MDF requests (created, then moved by staff)"
                    : "setStatus moves a PRM deal registration or MDF request; use update for other records")
            }
            if act.status == nil { log.add(path, "setStatus needs \"status\"") }
        } else if act.status != nil {
            log.add(path + ".status", "only setStatus (and a create of a registration or MDF request) takes a status")
        }
        if act.verb == .convertLead, !role.isCRM || storeObject != "Lead" {
            log.add(path + ".act", "convertLead converts a CRM Lead")
        }
        if let actor = act.actor {
            switch role {
            case .prm:
                let contacts = shape.program.partners.flatMap(\.contacts).map(\.ref)
                if actor != "staff" && !(actor.hasPrefix("partner:") && contacts.contains(String(actor.dropFirst(8)))) {
                    log.add(path + ".as", "on the PRM side act as \"staff\" or \"partner:<contact ref>\" (\(contacts.map { "partner:" + $0 }.joined(separator: ", ")))")
                }
            case .vendor, .partner:
                let usernames = shape.system(act.side)?.org?.seed.first { $0.object == "User" }?.records.compactMap { $0.fields["Username"]?.stringValue } ?? []
                if !usernames.contains(actor) {
                    log.add(path + ".as", "no user '\(actor)' in the org of '\(act.side)' (users: \(usernames.joined(separator: ", ")))")
                }
            }
        }
        bind(act.bind, side: act.side, object: storeObject, path: path, bindings)
    }

    private func validate(_ expectation: Expectation, path: String, _ bindings: Bindings) {
        switch expectation.kind {
        case .record(let side, let objectName, let whereClause, let fields, let bindName):
            let object = checkObject(objectName, on: side, path: path)
            checkFields(Array(whereClause.keys), of: object, side: side, path: path + ".where")
            checkFields(Array(fields.keys), of: object, side: side, path: path + ".fields")
            checkReferences((whereClause.values.flatMap(\.templates)) + fields.values.flatMap(\.templates), path: path, bindings)
            if whereClause.isEmpty { log.add(path + ".where", "name at least one field to find the record by") }
            bind(bindName, side: side, object: object?.name ?? objectName, path: path, bindings)
        case .noRecord(let side, let objectName, let whereClause), .count(let side, let objectName, let whereClause, _):
            let object = checkObject(objectName, on: side, path: path)
            checkFields(Array(whereClause.keys), of: object, side: side, path: path + ".where")
            checkReferences(whereClause.values.flatMap(\.templates), path: path, bindings)
        case .alert(_, let recordID, _):
            checkReferences(recordID.map { [$0] } ?? [], path: path, bindings)
        case .noWrite(let side, let objectName, _, let field):
            if let objectName {
                let object = checkObject(objectName, on: side, path: path)
                if let field { checkFields([field], of: object, side: side, path: path + ".field") }
            }
        case .incentives(let registration, _):
            checkReferences([registration], path: path, bindings)
        case .value(let side, let objectName, let equals):
            if let objectName { checkObject(objectName, on: side, path: path) }
            checkReferences([equals], path: path, bindings)
        case .requests(_, let whereClause, let bounds):
            for field in whereClause.keys.sorted() where !Expectation.requestFields.contains(field) {
                log.add(path + ".where." + field, "not a field of the request log (known: \(Expectation.requestFields.joined(separator: ", ")))")
            }
            checkReferences(whereClause.values.flatMap(\.templates), path: path, bindings)
            if let low = bounds.atLeast, let high = bounds.atMost, low > high { log.add(path + ".atMost", "is below atLeast: no count can meet both") }
        case .noAlert, .controlHistory: break
        }
    }
}
