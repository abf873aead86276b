import FakeKit
import Foundation

/// Finds where each sentinel value arrived on the other side, whatever the
/// field is called there, and whether it arrived intact.
///
/// A source record's sentinels are looked for in the target records the
/// connector wrote that carry at least one of that record's *unique*
/// sentinels (its text, e-mail, URL or number values): the record it synced
/// to. Values that are not unique on their own (a boolean, a picklist value)
/// are only credited inside such a linked record.
struct SentinelTracer {
    struct Trace {
        let sentinel: Sentinel
        /// `intact`, `altered` (with what was found) or `missing`.
        let arrival: Arrival
    }

    enum Arrival: Equatable {
        case intact
        case altered(String)
        case missing
    }

    static func trace(_ evidence: ScenarioEvidence) -> [Trace] {
        let connector = Set(evidence.connectorActors.values)
        // The latest values of every record the connector wrote, per side.
        var written: [String: [String: [String: JSONValue]]] = [:]
        for (system, entries) in evidence.journals {
            for entry in entries where connector.contains(entry.actor) {
                guard let id = entry.recordID, let after = entry.after else { continue }
                written[system, default: [:]][id] = after
            }
        }
        var traces: [Trace] = []
        let bySource = Dictionary(grouping: evidence.sentinels) { $0.side.rawValue + ":" + $0.recordId }
        for key in bySource.keys.sorted() {
            let sentinels = bySource[key]!
            // Wherever else the connector wrote: the PRM for a CRM's record, the CRMs for the PRM's.
            let source = sentinels[0].side.rawValue
            let candidates = written.filter { $0.key != source }.values.reduce(into: [String: [String: JSONValue]]()) { $0.merge($1) { first, _ in first } }
            let linked = candidates.filter { _, fields in
                sentinels.contains { sentinel in
                    isUnique(sentinel) && fields.values.contains { value in Self.compare(sentinel, to: value) != .missing }
                }
            }
            for sentinel in sentinels {
                var best = Arrival.missing
                for (_, fields) in linked.sorted(by: { $0.key < $1.key }) {
                    for value in fields.values {
                        let arrival = Self.compare(sentinel, to: value)
                        if arrival == .intact { best = .intact; break }
                        if case .altered = arrival, best == .missing { best = arrival }
                    }
                    if best == .intact { break }
                }
                traces.append(Trace(sentinel: sentinel, arrival: best))
            }
        }
        return traces
    }

    static func isUnique(_ sentinel: Sentinel) -> Bool {
        ["string", "textarea", "email", "url", "int", "double", "currency", "encryptedstring"].contains(sentinel.type)
    }

    /// How a value found on the other side relates to a sentinel.
    static func compare(_ sentinel: Sentinel, to found: JSONValue) -> Arrival {
        let sent = sentinel.value
        switch sentinel.type {
        case "int", "double", "currency", "percent":
            guard let expected = sent.doubleValue else { return .missing }
            if let number = found.doubleValue {
                if number == expected { return .intact }
                if abs(number - expected) < 1 && sentinel.type != "percent" { return .altered("\(sent) → \(found)") }
                // 12.5 % written as 0.125: the scale of a percent lost.
                if sentinel.type == "percent", expected != 0, abs(number - expected / 100) < 1e-9 { return .altered("\(sent) → \(found) (a fraction, not a percent)") }
                return .missing
            }
            if let text = found.stringValue, let number = Double(text), abs(number - expected) < 1 { return .altered("\(sent) → \"\(text)\" (text)") }
            return .missing
        case "date":
            guard let text = sent.stringValue else { return .missing }
            if found.stringValue == text { return .intact }
            if let other = found.stringValue, other.hasPrefix(text) { return .altered("\(text) → \(other)") }
            return .missing
        case "datetime":
            guard let text = sent.stringValue, let instant = DateFormats.parseDateTime(text) else { return .missing }
            guard let other = found.stringValue else { return .missing }
            if let arrived = DateFormats.parseDateTime(other) {
                if abs(arrived.timeIntervalSince(instant)) < 0.0005 { return .intact }
                // The same wall-clock time in another zone, or the time cut to seconds or a date.
                if abs(arrived.timeIntervalSince(instant)) <= 14 * 3600 { return .altered("\(text) → \(other)") }
                return .missing
            }
            if other.count == 10, text.hasPrefix(other) { return .altered("\(text) → \(other) (date only)") }
            return .missing
        case "multipicklist":
            guard let text = sent.stringValue else { return .missing }
            let expected = Set(text.split(separator: ";").map(String.init))
            let got: Set<String>? = found.stringValue.map { Set($0.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }) }
                ?? found.arrayValue.map { Set($0.compactMap(\.stringValue)) }
            guard let got, !got.isEmpty else { return .missing }
            if got == expected { return .intact }
            if !got.isDisjoint(with: expected) { return .altered("\(text) → \(found)") }
            return .missing
        case "boolean", "picklist":
            if found == sent { return .intact }
            if let a = sent.stringValue, let b = found.stringValue, a.caseInsensitiveCompare(b) == .orderedSame { return .altered("\(a) → \(b)") }
            return .missing
        default:
            guard let text = sent.stringValue, let other = found.stringValue else { return .missing }
            if other == text { return .intact }
            // Cut short, trimmed, or case-changed, but recognisably the same value.
            let core = String(text.prefix(12))
            if other.localizedCaseInsensitiveContains(core) || text.localizedCaseInsensitiveContains(other) && other.count >= 8 {
                return .altered("\"\(text.prefix(40))\" → \"\(other.prefix(40))\"")
            }
            return .missing
        }
    }
}

extension SentinelTracer.Arrival {
    var isAltered: Bool { if case .altered = self { true } else { false } }
}
