import Foundation

/// The scenario's settings from `SV_CONFIG`. Keys this connector does not
/// know are reported on standard error (they are the harness's to define).
struct SyncSettings: Sendable {
    enum Direction: String, Sendable { case crmToPRM = "crm-to-prm", prmToCRM = "prm-to-crm", both }
    enum ConflictPolicy: String, Sendable { case lastWriterWins = "last-writer-wins", crmWins = "crm-wins", prmWins = "prm-wins" }

    struct Filter: Sendable {
        let side: String
        let object: String
        let field: String
        let values: [String]
    }

    var pollIntervalSeconds = 1.0
    var batchIntervalSeconds = 30.0
    var conflictPolicy = ConflictPolicy.lastWriterWins
    /// "Object.Field" (CRM names) → direction.
    var directions: [String: Direction] = [:]
    var filters: [Filter] = []

    static func load(path: String?) -> SyncSettings {
        var settings = SyncSettings()
        guard let path, let data = FileManager.default.contents(atPath: path),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return settings }
        let known = ["format", "pollIntervalSeconds", "batchIntervalSeconds", "conflictPolicy", "fieldDirections", "filters"]
        for key in json.keys where !known.contains(key) { log("settings: ignoring unknown key '\(key)'") }
        if let value = json["pollIntervalSeconds"] as? Double { settings.pollIntervalSeconds = max(0.05, value) }
        if MirrorDefect.on(.slowPolling) { settings.pollIntervalSeconds = 8 }
        if let value = json["batchIntervalSeconds"] as? Double { settings.batchIntervalSeconds = max(0.5, value) }
        if let value = (json["conflictPolicy"] as? String).flatMap(ConflictPolicy.init) { settings.conflictPolicy = value }
        for entry in json["fieldDirections"] as? [[String: Any]] ?? [] {
            if let object = entry["object"] as? String, let field = entry["field"] as? String,
                let direction = (entry["direction"] as? String).flatMap(Direction.init) {
                settings.directions["\(object).\(field)"] = direction
            }
        }
        for entry in json["filters"] as? [[String: Any]] ?? [] {
            if let side = entry["side"] as? String, let object = entry["object"] as? String, let field = entry["field"] as? String,
                let values = entry["in"] as? [Any] {
                settings.filters.append(Filter(side: side, object: object, field: field, values: values.map { "\($0)" }))
            }
        }
        return settings
    }

    /// Whether a CRM field may be written from the PRM side.
    func crmFieldWritable(_ object: String, _ field: String) -> Bool { directions["\(object).\(field)"] != .crmToPRM || MirrorDefect.on(.ignoresFieldDirection) }

    /// Whether a PRM value derived from a CRM field may be written from the CRM side.
    func prmFieldWritable(fromCRM object: String, _ field: String) -> Bool { directions["\(object).\(field)"] != .prmToCRM || MirrorDefect.on(.ignoresFieldDirection) }

    /// Whether a record passes the filters for its side and object.
    func passes(side: String, object: String, _ record: [String: Any]) -> Bool {
        if MirrorDefect.on(.ignoresFilters) { return true }
        return filters.filter { $0.side == side && $0.object == object }.allSatisfy { filter in
            guard let value = record[filter.field] else { return false }
            return filter.values.contains("\(value)")
        }
    }
}

/// One line on standard error (captured as evidence by the harness).
func log(_ message: String) {
    FileHandle.standardError.write(Data("[\(ISO8601DateFormatter().string(from: Date()))] \(message)\n".utf8))
}
