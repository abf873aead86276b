import FakeKit
import Foundation

/// A record as HubSpot's v3 APIs answer it: `{"id","properties",
/// "propertiesWithHistory"?,"createdAt","updatedAt","archived","archivedAt"?,
/// "associations"?}`, every property value a string.
struct HubSpotRecordView {
    let object: ObjectDefinition
    /// Properties to answer; nil for the object's defaults.
    var properties: [String]?
    var withHistory: [String] = []
    /// Journal entries of the record, oldest first, for `propertiesWithHistory`.
    var history: [JournalEntry] = []
    var isPerson: (String) -> Bool = { _ in false }

    /// A stored or metadata value of a property, in the store's form.
    static func value(_ name: String, of record: Record, object: ObjectDefinition) -> JSONValue {
        if let metadata = HubSpotSchema.metadataValue(name, of: record), object.field(name) != nil { return metadata }
        return record[name]
    }

    /// The names answered: requested ones that exist (in the order asked), always with the id and the two dates.
    func names() -> [String] {
        guard let properties else { return HubSpotObjectTypes.defaultProperties(object) }
        var names: [String] = []
        var seen = Set<String>()
        let always = ["createdate", "hs_object_id", object.name == "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate"]
        for name in properties + always {
            guard let field = object.field(name), !seen.contains(field.name) else { continue }
            seen.insert(field.name)
            names.append(field.name)
        }
        return names
    }

    func json(_ record: Record, associations: OrderedJSON? = nil, extra: [(String, OrderedJSON)] = []) -> OrderedJSON {
        var pairs: [(String, OrderedJSON)] = [("id", .value(.string(record.id)))]
        let names = self.names().sorted()
        let values = names.map { name in
            (name, OrderedJSON.value(HubSpotValues.output(Self.value(name, of: record, object: object), for: object.field(name))))
        }
        pairs.append(("properties", .object(values)))
        if !withHistory.isEmpty { pairs.append(("propertiesWithHistory", historyJSON(record))) }
        pairs.append(("createdAt", .value(.string(DateFormats.formatISO(record.createdAt)))))
        pairs.append(("updatedAt", .value(.string(DateFormats.formatISO(record.modifiedAt)))))
        pairs.append(("archived", .value(.bool(record.isDeleted))))
        if record.isDeleted, let at = record.deletedAt { pairs.append(("archivedAt", .value(.string(DateFormats.formatISO(at))))) }
        if let associations { pairs.append(("associations", associations)) }
        return .object(pairs + extra)
    }

    /// Each asked property's values, newest first, with where each came from.
    private func historyJSON(_ record: Record) -> OrderedJSON {
        var pairs: [(String, OrderedJSON)] = []
        for name in withHistory {
            guard let field = object.field(name) else { continue }
            var versions: [OrderedJSON] = []
            if let metadata = HubSpotSchema.metadataValue(field.name, of: record) {
                versions.append(version(HubSpotValues.output(metadata, for: field), at: record.modifiedAt, actor: record.modifiedBy, channel: "api"))
            } else {
                for entry in history {
                    let after = entry.after?[field.name] ?? .null
                    let before = entry.before?[field.name] ?? .null
                    guard entry.operation == .create || entry.operation == .update, after != before, !after.isNull else { continue }
                    versions.append(version(HubSpotValues.output(after, for: field), at: entry.time, actor: entry.actor, channel: entry.channel))
                }
                versions.reverse()
            }
            pairs.append((field.name, .array(versions)))
        }
        return .object(pairs)
    }

    private func version(_ value: JSONValue, at time: Date, actor: String, channel: String) -> OrderedJSON {
        let source: String = channel == "seed" ? "IMPORT" : (isPerson(actor) ? "CRM_UI" : (channel == "drift" ? "MIGRATION" : "API"))
        return .object([
            ("value", .value(value)), ("timestamp", .value(.string(DateFormats.formatISO(time)))), ("sourceType", .value(.string(source))),
            ("sourceId", .value(.string(actor))),
        ])
    }
}
