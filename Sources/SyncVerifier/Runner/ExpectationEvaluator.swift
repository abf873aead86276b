import FakeKit
import FakePRM
import Foundation

/// Decides whether an expectation holds now, reading the fakes in process.
struct ExpectationEvaluator {
    let world: World
    let bindings: BindingTable
    /// Alerts count from here (the scenario's start).
    let since: Date

    struct Check {
        var holds: Bool
        var detail: String
        var recordIds: [String] = []
        /// The journal time the outcome came about, when known.
        var metAt: Date?
    }

    func objectName(_ name: String, _ side: SystemID) -> String {
        world.role(of: side) == .prm ? (PRMResourceCatalog.object(forPath: name) ?? name) : name
    }

    func matching(_ side: SystemID, _ object: String, _ clause: [String: Matcher]) throws -> [Record] {
        try world.store(side).records(of: objectName(object, side)).filter { record in
            try clause.allSatisfy { field, matcher in
                let value: JSONValue? = (field == "id" || field == "Id") ? .string(record.id) : record.fields[field]
                return try matcher.accepts(value) { try bindings.resolve($0) }
            }
        }
    }

    func check(_ kind: Expectation.Kind) throws -> Check {
        switch kind {
        case .record(let side, let object, let clause, let fields, _):
            let candidates = try matching(side, object, clause)
            guard !candidates.isEmpty else { return Check(holds: false, detail: "no \(object) on the \(side.rawValue) side matches \(describe(clause))") }
            var lastMismatch = ""
            for record in candidates {
                var ok = true
                for (field, matcher) in fields.sorted(by: { $0.key < $1.key }) {
                    if try !matcher.accepts(record.fields[field], resolve: { try bindings.resolve($0) }) {
                        ok = false
                        lastMismatch = "\(object) \(record.id): \(field) is \(record.fields[field] ?? .null), expected \(describe(matcher))"
                        break
                    }
                }
                if ok {
                    return Check(holds: true, detail: "\(object) \(record.id) matches", recordIds: [record.id], metAt: record.modifiedAt)
                }
            }
            return Check(holds: false, detail: lastMismatch, recordIds: candidates.map(\.id))
        case .noRecord(let side, let object, let clause):
            let found = try matching(side, object, clause)
            return Check(holds: found.isEmpty, detail: found.isEmpty ? "no \(object) matches" : "\(found.count) \(object) match: \(found.map(\.id).joined(separator: ", "))", recordIds: found.map(\.id))
        case .count(let side, let object, let clause, let equals):
            let found = try matching(side, object, clause)
            return Check(
                holds: found.count == equals, detail: "\(found.count) \(object) match \(describe(clause)) (expected \(equals))",
                recordIds: found.map(\.id), metAt: found.map(\.modifiedAt).max())
        case .alert(let object, let recordID, let contains):
            let id = try recordID.map { try bindings.resolve($0) }?.stringValue
            let alerts = world.alerts.alerts.filter { $0.time >= since }
            let hit = alerts.first { alert in
                (object.map { alert.text.localizedCaseInsensitiveContains($0) } ?? true)
                    && (id.map { alert.text.contains($0) } ?? true)
                    && (contains.map { alert.text.localizedCaseInsensitiveContains($0) } ?? true)
            }
            if let hit { return Check(holds: true, detail: "alert: \(hit.message)", recordIds: id.map { [$0] } ?? [], metAt: hit.time) }
            let wanted = [object.map { "object \($0)" }, id.map { "record \($0)" }, contains.map { "'\($0)'" }].compactMap { $0 }.joined(separator: ", ")
            return Check(holds: false, detail: "no alert naming \(wanted.isEmpty ? "anything" : wanted) (\(Plural.of(alerts.count, "alert")) received)")
        case .noAlert:
            let alerts = world.alerts.alerts.filter { $0.time >= since }
            return Check(holds: alerts.isEmpty, detail: alerts.isEmpty ? "no alerts" : "\(Plural.of(alerts.count, "alert")), first: \(alerts[0].message)")
        case .incentives(let registration, let bookings):
            guard let id = try bindings.resolve(registration).stringValue else { return Check(holds: false, detail: "the registration reference is not an id") }
            let booked = world.prm.store.records(of: "Incentive", where: "registrationId", equals: .string(id)).filter { $0["entry"] == "booking" }
            var byKind: [String: Int] = [:]
            for record in booked { byKind[record["kind"].stringValue ?? "?", default: 0] += 1 }
            let holds = ["commission", "rebate"].allSatisfy { byKind[$0, default: 0] == bookings }
            let text = byKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            return Check(holds: holds, detail: "registration \(id): \(text.isEmpty ? "no bookings" : text) (expected \(bookings) of each)", recordIds: booked.map(\.id), metAt: booked.map(\.createdAt).max())
        case .value(let side, let object, let equals):
            let wanted = try bindings.resolve(equals)
            let actor = world.connectorActors[side]
            let storeObject = object.map { objectName($0, side) }
            let store = world.store(side)
            // Records the connector wrote, in their current state.
            var seen = Set<String>()
            for entry in world.journal(side).all.reversed() where entry.actor == actor {
                guard let id = entry.recordID, seen.insert(id).inserted, let record = store.record(id: id) else { continue }
                guard storeObject == nil || record.object == storeObject else { continue }
                if let field = record.fields.first(where: { Matcher.same($0.value, wanted) })?.key {
                    return Check(holds: true, detail: "\(record.object) \(id).\(field) holds \(wanted)", recordIds: [id], metAt: record.modifiedAt)
                }
            }
            return Check(holds: false, detail: "no record the connector wrote on the \(side.rawValue) side holds \(wanted)")
        case .requests(let side, let clause, let bounds):
            let entries = try world.requestLog(side).entries.filter { entry in
                let fields = Expectation.requestFields(of: entry)
                return try clause.allSatisfy { field, matcher in try matcher.accepts(fields[field]) { try bindings.resolve($0) } }
            }
            let what = clause.isEmpty ? "" : " matching \(describe(clause))"
            guard bounds.perSyncedRecord else {
                return Check(
                    holds: bounds.accepts(Double(entries.count)),
                    detail: "\(entries.count) request\(entries.count == 1 ? "" : "s") to the \(side.rawValue)\(what) (expected \(bounds.text))", metAt: entries.last?.time)
            }
            let synced = world.systemIDs.map { side in
                Set(world.journal(side).all.filter { $0.actor == world.connectorActors[side] }.compactMap(\.recordID)).count
            }.reduce(0, +)
            guard synced > 0 else { return Check(holds: false, detail: "the connector wrote no record, so there is no per-record count (\(entries.count) requests)") }
            let rate = Double(entries.count) / Double(synced)
            return Check(
                holds: bounds.accepts(rate),
                detail: "\(entries.count) requests to the \(side.rawValue)\(what) for \(synced) synced records: \(ReportFormatting.number(rate, digits: 2)) per record (expected \(bounds.text))",
                metAt: entries.last?.time)
        case .noWrite, .controlHistory:
            return Check(holds: true, detail: "")
        }
    }


    /// Connector writes of a kind between two moments (for `noWrite`).
    func connectorWrites(side: SystemID, object: String?, operation: String?, field: String?, from start: Date, to end: Date) -> [JournalEntry] {
        let actor = world.connectorActors[side]
        let storeObject = object.map { objectName($0, side) }
        return world.journal(side).all.filter { entry in
            entry.actor == actor && entry.time >= start && entry.time <= end
                && (storeObject == nil || entry.object == storeObject)
                && (operation == nil || entry.operation.rawValue == operation)
                && (field == nil || entry.changedFields.contains(field!))
        }
    }

    func describe(_ clause: [String: Matcher]) -> String {
        "{" + clause.sorted { $0.key < $1.key }.map { "\($0.key): \(describe($0.value))" }.joined(separator: ", ") + "}"
    }

    func describe(_ matcher: Matcher) -> String {
        let resolve = { (template: Template) in (try? bindings.resolve(template))?.description ?? template.value.description }
        switch matcher {
        case .equals(let template): return resolve(template)
        case .matches(let pattern): return "matching /\(pattern)/"
        case .oneOf(let templates): return "one of [\(templates.map(resolve).joined(separator: ", "))]"
        case .absent: return "absent"
        case .present: return "present"
        case .approximately(let value, let tolerance): return "\(value) ± \(tolerance)"
        }
    }
}
