import CRMProjection
import Foundation

/// Writes on HubSpot: properties as HubSpot's strings, reference fields as
/// associations (on create in the same request; on update replaced with v4
/// PUT/DELETE), many creates through `batch/create`.
extension HubSpotSession {
    func create(_ object: String, _ fields: [String: Any]) throws(RemoteError) -> String {
        let type = try hubSpotType(object)
        let (properties, links) = try split(object, type, fields)
        let answer = try retrying(
            "create \(type)", .post, "/crm/v3/objects/\(type)",
            body: ["properties": properties, "associations": try associationInputs(type, links)])
        guard let id = JSONBody.text(answer["id"]) else { throw .transient("create \(type) answered no id") }
        remember(id, answer)
        return id
    }

    func update(_ object: String, _ id: String, _ fields: [String: Any]) throws(RemoteError) {
        let type = try hubSpotType(object)
        let (properties, links) = try split(object, type, fields)
        if !properties.isEmpty {
            remember(
                id,
                try retrying(
                    "update \(type)", .patch, "/crm/v3/objects/\(type)/\(id)", body: ["properties": properties]))
        }
        guard !links.isEmpty else { return }
        for target in Set(links.map(\.association.target)).sorted() {
            let current = try associationLinks(type, target, ids: [id])[id] ?? []
            for (association, wanted) in links where association.target == target {
                let old = try pick(association, from: type, current)
                guard old != wanted else { continue }
                if let old {
                    _ = try retrying(
                        "unlink \(type)", .delete, "/crm/v4/objects/\(type)/\(id)/associations/\(target)/\(old)")
                }
                if let wanted {
                    _ = try retrying(
                        "link \(type)", .put, "/crm/v4/objects/\(type)/\(id)/associations/\(target)/\(wanted)",
                        body: [try spec(type, association)])
                }
            }
        }
    }

    func delete(_ object: String, _ id: String) throws(RemoteError) {
        let type = try hubSpotType(object)
        _ = try retrying("archive \(type)", .delete, "/crm/v3/objects/\(type)/\(id)")
    }

    /// `batch/create`, 100 inputs a request. HubSpot answers the results in no
    /// promised order: each is matched to the input whose properties it carries.
    func createMany(_ object: String, _ records: [[String: Any]]) throws(RemoteError) -> [Result<String, RemoteError>] {
        let type = try hubSpotType(object)
        var results: [Result<String, RemoteError>] = []
        for start in stride(from: 0, to: records.count, by: 100) {
            var inputs: [[String: Any]] = []
            var sent: [[String: String]] = []
            for fields in records[start..<min(records.count, start + 100)] {
                let (properties, links) = try split(object, type, fields)
                inputs.append(["properties": properties, "associations": try associationInputs(type, links)])
                sent.append(properties)
            }
            let answer: [String: Any]
            do {
                answer = try retrying(
                    "batch create \(type)", .post, "/crm/v3/objects/\(type)/batch/create", body: ["inputs": inputs])
            } catch {
                // HubSpot's batch create is all or nothing: every input failed alike.
                guard case .permanent = error else { throw error }
                results += sent.map { _ in .failure(error) }
                continue
            }
            var unmatched = Array(sent.indices)
            var ids = [String?](repeating: nil, count: sent.count)
            for hit in answer["results"] as? [[String: Any]] ?? [] {
                let values = hit["properties"] as? [String: Any] ?? [:]
                guard let id = JSONBody.text(hit["id"]),
                    let index = unmatched.first(where: {
                        sent[$0].allSatisfy { JSONBody.same(values[$0.key], $0.value) }
                    }) ?? unmatched.first
                else { continue }
                unmatched.removeAll { $0 == index }
                ids[index] = id
                remember(id, hit)
            }
            results += ids.map { id in
                id.map { .success($0) }
                    ?? .failure(.permanent(status: 207, "HubSpot's batch create answered no record for this input"))
            }
        }
        return results
    }

    private func remember(_ id: String, _ answer: [String: Any]) {
        if let stamp = answer["updatedAt"] as? String { ownStamps[id] = stamp }
    }

    /// Library fields → HubSpot properties (as strings) and association targets (nil: remove the link).
    func split(_ object: String, _ type: String, _ fields: [String: Any]) throws(RemoteError)
        -> (properties: [String: String], links: [(association: HubSpotProjection.Association, target: String?)])
    {
        var properties: [String: String] = [:]
        var links: [(association: HubSpotProjection.Association, target: String?)] = []
        for (field, value) in fields.sorted(by: { $0.key < $1.key }) where field != "Id" {
            if let association = HubSpotProjection.association(object, field) {
                links.append((association, JSONBody.text(value).flatMap { $0.isEmpty ? nil : $0 }))
            } else if let name = HubSpotProjection.property(object, field) {
                properties[name] = try hubSpotValue(type, name, value)
            }
        }
        return (properties, links)
    }

    func associationInputs(_ type: String, _ links: [(association: HubSpotProjection.Association, target: String?)])
        throws(RemoteError) -> [[String: Any]]
    {
        var inputs: [[String: Any]] = []
        for link in links {
            guard let target = link.target else { continue }
            inputs.append(["to": ["id": target], "types": [try spec(type, link.association)]])
        }
        return inputs
    }

    /// The v4 type of a reference: HubSpot's own type id, or the user-defined label's (made on first use).
    func spec(_ type: String, _ association: HubSpotProjection.Association) throws(RemoteError) -> [String: Any] {
        if let typeID = association.typeID {
            return ["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": typeID]
        }
        let label = association.label ?? association.field
        let key = "\(type)/\(association.target)/\(label)"
        if labelIDs[key] == nil {
            let path = "/crm/v4/associations/\(type)/\(association.target)/labels"
            let existing = try retrying("association labels", .get, path)["results"] as? [[String: Any]] ?? []
            var found = existing.first { $0["label"] as? String == label }
            if found == nil {
                let made = try retrying(
                    "create association label", .post, path,
                    body: ["label": label, "name": HubSpotProjection.rule(label)])
                found = (made["results"] as? [[String: Any]])?.first
            }
            guard let id = (found?["typeId"] as? NSNumber)?.intValue else {
                throw .permanent(status: 400, "HubSpot gave no type id for the association label \(label)")
            }
            labelIDs[key] = id
        }
        return ["associationCategory": "USER_DEFINED", "associationTypeId": labelIDs[key] ?? 0]
    }

    // MARK: values

    /// A library value as HubSpot stores it: text, `true`/`false`, a stage's id, a date as a datetime where the property is one; "" clears.
    func hubSpotValue(_ type: String, _ property: String, _ value: Any) throws(RemoteError) -> String {
        guard let text = JSONBody.text(value) else { return "" }
        if type == "deals", property == "dealstage" { return try stageID(text) }
        let definition = try propertyDefinitions(type)[property]
        if definition?["type"] as? String == "datetime", text.count == 10 { return text + "T00:00:00.000Z" }
        if definition?["type"] as? String == "enumeration" {
            return text.split(separator: ";").map { Self.option(String($0), in: definition, to: "value") }.joined(
                separator: ";")
        }
        return text
    }

    /// An enumeration option's `value` (or `label`) for a library value that is either:
    /// the library's picklist value `Gold` is HubSpot's option `gold` labelled `Gold`.
    static func option(_ text: String, in definition: [String: Any]?, to key: String) -> String {
        let options = definition?["options"] as? [[String: Any]] ?? []
        let found =
            options.first { $0["value"] as? String == text }
            ?? options.first {
                ($0["label"] as? String)?.caseInsensitiveCompare(text) == .orderedSame
                    || ($0["value"] as? String)?.caseInsensitiveCompare(text) == .orderedSame
            }
        return found?[key] as? String ?? text
    }

    /// A HubSpot value in the library's types: booleans, numbers, stage names.
    func libraryValue(_ type: String, _ property: String, _ raw: Any?) throws(RemoteError) -> Any {
        guard let text = JSONBody.text(raw), !text.isEmpty else { return NSNull() }
        if type == "deals", property == "dealstage" {
            _ = try dealStages()
            return stageName(text)
        }
        let definition = try propertyDefinitions(type)[property]
        switch definition?["type"] as? String {
        case "enumeration":
            return text.split(separator: ";").map { Self.option(String($0), in: definition, to: "label") }.joined(
                separator: ";")
        case "bool": return text == "true"
        case "number":
            guard let number = Double(text) else { return text }
            return number == number.rounded() && abs(number) < 1e15 ? Int(number) as Any : number
        default: return text
        }
    }

    func dealStages() throws(RemoteError) -> [(id: String, label: String, closed: Bool, won: Bool)] {
        if let stages { return stages }
        var found: [(id: String, label: String, closed: Bool, won: Bool)] = []
        for pipeline in try retrying("deal pipelines", .get, "/crm/v3/pipelines/deals")["results"] as? [[String: Any]]
            ?? []
        {
            for stage in pipeline["stages"] as? [[String: Any]] ?? [] {
                guard let id = stage["id"] as? String else { continue }
                let metadata = stage["metadata"] as? [String: Any] ?? [:]
                let closed = JSONBody.text(metadata["isClosed"]) == "true"
                found.append(
                    (
                        id, stage["label"] as? String ?? id, closed,
                        closed && Double(JSONBody.text(metadata["probability"]) ?? "") == 1
                    ))
            }
        }
        stages = found
        return found
    }

    /// The library's stage name of a HubSpot stage: `Closed Won`, `Closed Lost`, or the stage's label.
    func stageName(_ id: String) -> String {
        guard let stage = stages?.first(where: { $0.id == id }) else { return id }
        return stage.won ? "Closed Won" : stage.closed ? "Closed Lost" : stage.label
    }

    /// The HubSpot stage of a library stage name: won and lost by the pipeline's
    /// metadata, others by label or id; a name the pipeline lacks (the library's
    /// `Prospecting`) is the pipeline's first stage, where HubSpot starts a deal.
    func stageID(_ name: String) throws(RemoteError) -> String {
        let stages = try dealStages()
        let squashed = name.lowercased().filter { $0.isLetter || $0.isNumber }
        let match: ((id: String, label: String, closed: Bool, won: Bool)) -> Bool = { stage in
            switch name {
            case "Closed Won": stage.won
            case "Closed Lost": stage.closed && !stage.won
            default:
                stage.label.caseInsensitiveCompare(name) == .orderedSame || stage.id == name || stage.id == squashed
            }
        }
        guard let stage = stages.first(where: match) ?? stages.first(where: { !$0.closed }) else {
            throw .permanent(status: 400, "HubSpot has no deal pipeline stages")
        }
        return stage.id
    }
}
