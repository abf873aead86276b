import FakeCRM
import FakeKit
import Foundation

/// What one scenario's journals show about integrity, whatever the
/// connector calls things: duplicates, echoes, foreign credentials, bookings.
struct JournalFindings {
    var duplicates: [ItemEvidence] = []
    var echoes: [ItemEvidence] = []
    var foreignWrites: [ItemEvidence] = []
    var wonDeals = 0
    var wonDealsNotBookedOnce: [ItemEvidence] = []
    var connectorWrites = 0
    var batchedCRMWrites = 0
    var crmWrites = 0
    var writtenRecords = 0

    /// A record's values without the fields its system stamps on every write
    /// (Salesforce's system fields, the PRM's timestamps, as the evidence
    /// lists them): what a write means.
    static func comparable(_ fields: [String: JSONValue]?, stamped: Set<String>) -> [String: JSONValue] {
        (fields ?? [:]).filter { key, _ in !stamped.contains(key) }
    }

    init(_ evidence: ScenarioEvidence) {
        let name = evidence.scenario
        let connector = Set(evidence.connectorActors.values)
        let systems = evidence.worldSystems
        let stampedBySystem = Dictionary(systems.map { ($0.name, Set($0.systemFields)) }, uniquingKeysWith: { first, _ in first })
        let crmSystems = Set(systems.filter(\.role.isCRM).map(\.name))
        let people = Set(systems.flatMap(\.people))
        let own = Set(systems.map(\.ownActor))
        let prm = evidence.journals[systems.first { $0.role == .prm }?.name ?? "prm"] ?? []
        let all = evidence.journals.values.flatMap { $0 }.sorted { ($0.time, $0.system, $0.sequence) < ($1.time, $1.system, $1.sequence) }
        func comparable(_ fields: [String: JSONValue]?, system: String) -> [String: JSONValue] {
            Self.comparable(fields, stamped: stampedBySystem[system] ?? [])
        }

        // Echoes: a connector write that changes nothing, or that puts back the
        // values its own previous write to the record replaced, with nobody
        // else writing anything in between — unless the source itself went
        // back: someone else set those values again after setting the ones
        // the previous write carried (A → B → A replayed late, as after an outage).
        let others = all.filter { !connector.contains($0.actor) && $0.recordID != nil }
        func setValues(_ entry: JournalEntry) -> Set<JSONValue> {
            Set(comparable(entry.after, system: entry.system).filter { entry.before?[$0.key] != $0.value }.values)
        }
        func explained(flipBack entry: JournalEntry, previous: JournalEntry) -> Bool {
            let carried = setValues(previous)
            let restored = setValues(entry)
            guard !restored.isEmpty else { return false }
            let start = others.last { $0.time <= previous.time && !setValues($0).isDisjoint(with: carried) }?.time ?? previous.time
            return others.contains { $0.time > start && $0.time <= entry.time && !setValues($0).isDisjoint(with: restored) }
        }
        var lastWrite: [String: (entry: JournalEntry, position: Int)] = [:]
        // A rollback puts values back on purpose: that is not ping-pong.
        let firstRollback = evidence.rollbacks.map(\.requestedAt).min() ?? .distantFuture
        var lastOtherWrite = -1
        for (position, entry) in all.enumerated() {
            guard let id = entry.recordID else { continue }
            let key = entry.system + ":" + id
            if connector.contains(entry.actor) {
                connectorWrites += 1
                if crmSystems.contains(entry.system) {
                    crmWrites += 1
                    if entry.channel == "composite" { batchedCRMWrites += 1 }
                }
                let before = comparable(entry.before, system: entry.system)
                let after = comparable(entry.after, system: entry.system)
                // A no-op right after the connector's own identical write is a
                // retried request whose answer was lost, not a re-sync.
                let retried = lastWrite[key].map { previous in
                    connector.contains(previous.entry.actor) && entry.time.timeIntervalSince(previous.entry.time) < 2
                        && comparable(previous.entry.after, system: entry.system) == after
                } ?? false
                if entry.operation == .update && before == after && !retried {
                    echoes.append(ItemEvidence(
                        scenario: name, step: "journal", outcome: "echo",
                        detail: "\(entry.system) #\(entry.sequence): an update of \(entry.object) \(id) that changed nothing", recordIds: [id], seconds: nil))
                } else if entry.operation == .update, entry.time < firstRollback, let previous = lastWrite[key], connector.contains(previous.entry.actor),
                    previous.position > lastOtherWrite, previous.entry.operation == .update,
                    comparable(previous.entry.before, system: entry.system) == after, !explained(flipBack: entry, previous: previous.entry) {
                    echoes.append(ItemEvidence(
                        scenario: name, step: "journal", outcome: "echo",
                        detail: "\(entry.system) #\(entry.sequence): \(entry.object) \(id) flipped back to its value before the connector's own write #\(previous.entry.sequence)",
                        recordIds: [id], seconds: nil))
                }
            } else if entry.actor != "harness" || entry.channel != "seed" {
                lastOtherWrite = position
                if !people.contains(entry.actor) && !own.contains(entry.actor) && entry.actor != "harness" {
                    foreignWrites.append(ItemEvidence(
                        scenario: name, step: "journal", outcome: "foreign credential",
                        detail: "\(entry.system) #\(entry.sequence) written by '\(entry.actor)'", recordIds: [id], seconds: nil))
                }
            }
            lastWrite[key] = (entry, position)
        }
        writtenRecords = Set(all.filter { connector.contains($0.actor) }.compactMap { e in e.recordID.map { e.system + ":" + $0 } }).count

        // Duplicates: connector-created records of one object carrying the
        // same other-side record id in the same identity field (an external
        // id or unique field: where a connector keeps the other side's id).
        // For every pair of systems: a record's identity value that is another system's record id.
        let ids = evidence.journals.mapValues { Set($0.compactMap(\.recordID)) }
        var groups: [String: [String]] = [:]
        var deleted = Set(all.filter { $0.operation == .delete }.compactMap { e in e.recordID.map { e.system + ":" + $0 } })
        for entry in all where entry.operation == .undelete { if let id = entry.recordID { deleted.remove(entry.system + ":" + id) } }
        for entry in all where entry.operation == .create && connector.contains(entry.actor) {
            guard let id = entry.recordID, !deleted.contains(entry.system + ":" + id) else { continue }
            let other = ids.filter { $0.key != entry.system }.values.reduce(into: Set<String>()) { $0.formUnion($1) }
            let identity = Set(evidence.identityFields[entry.system]?[entry.object] ?? [])
            for (field, value) in entry.after ?? [:] where identity.contains(field) {
                if let text = value.stringValue, other.contains(text) {
                    groups["\(entry.system)|\(entry.object)|\(field)|\(text)", default: []].append(id)
                }
            }
        }
        for (key, records) in groups.sorted(by: { $0.key < $1.key }) where records.count > 1 {
            let parts = key.split(separator: "|")
            duplicates.append(ItemEvidence(
                scenario: name, step: "journal", outcome: "duplicate",
                detail: "\(records.count) \(parts[1]) on the \(parts[0]) side carry \(parts[2]) = \(parts[3])", recordIds: records, seconds: nil))
        }

        // Incentives: each won registration, booked once per kind.
        var latest: [String: [String: JSONValue]] = [:]
        for entry in prm where entry.object == "DealRegistration" { if let id = entry.recordID { latest[id] = entry.after ?? [:] } }
        var bookings: [String: [String: Int]] = [:]
        for entry in prm where entry.object == "Incentive" && entry.operation == .create {
            guard let after = entry.after, after["entry"] == "booking", let registration = after["registrationId"]?.stringValue else { continue }
            bookings[registration, default: [:]][after["kind"]?.stringValue ?? "?", default: 0] += 1
        }
        for (id, fields) in latest.sorted(by: { $0.key < $1.key }) where fields["status"] == "won" {
            wonDeals += 1
            let booked = bookings[id] ?? [:]
            if booked["commission", default: 0] != 1 || booked["rebate", default: 0] != 1 {
                wonDealsNotBookedOnce.append(ItemEvidence(
                    scenario: name, step: "journal", outcome: "booking",
                    detail: "won registration \(id): \(booked["commission", default: 0]) commission and \(booked["rebate", default: 0]) rebate bookings (one of each expected)",
                    recordIds: [id], seconds: nil))
            }
        }
    }
}
