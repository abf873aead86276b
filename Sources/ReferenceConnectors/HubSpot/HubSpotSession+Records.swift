import CRMProjection
import Foundation

/// The CRM-session reads and writes on HubSpot, through `HubSpotProjection`:
/// lookups and change feeds are searches (`hs_lastmodifieddate`, ascending),
/// a record's references are its associations (v4), new records go in
/// batches of 100, and the connector's own changes are known by the
/// `updatedAt` its writes were answered with.
extension HubSpotSession {
    /// Library fields the flows use beyond the standard ones, so a property reads back under its library name.
    static let libraryFields: [String: [String]] = [
        "Account": ["IsPartner", "Partner_Tier__c", "Partner_Status__c", "PRM_Partner_Id__c"],
        "Contact": ["Certifications__c", "PRM_Contact_Id__c"],
        "Opportunity": [
            "Deal_Registration_Id__c", "Deal_Source__c", "Partner_Tier__c", "Registration_Date__c",
            "Vendor_Registration_Id__c",
        ],
    ]

    func hubSpotType(_ object: String) throws(RemoteError) -> String {
        guard let type = HubSpotProjection.object(object) else {
            throw .permanent(
                status: 404,
                "INVALID_TYPE: \(object) has no HubSpot object in the projection (docs/hubspot-projection.md)")
        }
        return type
    }

    func propertyDefinitions(_ type: String, refresh: Bool = false) throws(RemoteError) -> [String: [String: Any]] {
        if !refresh, let cached = properties[type] { return cached }
        var byName: [String: [String: Any]] = [:]
        for property in try retrying("properties of \(type)", .get, "/crm/v3/properties/\(type)")["results"]
            as? [[String: Any]] ?? []
        {
            if let name = property["name"] as? String { byName[name] = property }
        }
        properties[type] = byName
        return byName
    }

    /// Creates the custom properties the flows write where the portal lacks them, as an app does on install.
    func prepare() throws(RemoteError) {
        for (type, own) in HubSpotProjection.ownProperties.sorted(by: { $0.key < $1.key }) {
            let existing = try propertyDefinitions(type, refresh: true)
            let missing = own.filter { existing[$0.name] == nil }
            guard !missing.isEmpty else { continue }
            let group =
                ["companies": "companyinformation", "contacts": "contactinformation", "deals": "dealinformation"][type]
                ?? "\(type)information"
            let inputs = missing.map {
                ["name": $0.name, "label": $0.name, "type": $0.type, "fieldType": $0.fieldType, "groupName": group]
            }
            _ = try retrying(
                "create properties of \(type)", .post, "/crm/v3/properties/\(type)/batch/create",
                body: ["inputs": inputs])
            log("created HubSpot \(type) properties \(missing.map(\.name).joined(separator: ", "))")
            _ = try propertyDefinitions(type, refresh: true)
        }
    }

    func describeGlobal() throws(RemoteError) -> [[String: Any]] {
        HubSpotProjection.objects.keys.sorted().map { ["name": $0, "queryable": true] }
    }

    func describe(_ object: String) throws(RemoteError) -> [String: Any] {
        let type = try hubSpotType(object)
        let known = Self.libraryFields[object] ?? []
        var fields: [[String: Any]] = []
        for (name, property) in try propertyDefinitions(type, refresh: true).sorted(by: { $0.key < $1.key }) {
            // The library sees an option by its label, as `libraryValue` reads it.
            var options = (property["options"] as? [[String: Any]] ?? []).map {
                ["value": $0["label"] ?? $0["value"] ?? "", "label": $0["label"] ?? ""]
            }
            if name == "dealstage" {
                options = try dealStages().map { ["value": stageName($0.id), "label": $0.label] }
            }
            fields.append([
                "name": HubSpotProjection.field(object, property: name, known: known),
                "label": property["label"] ?? name,
                "type": Self.libraryType(property), "custom": property["hubspotDefined"] as? Bool != true,
                "picklistValues": options,
            ])
        }
        for association in HubSpotProjection.associations[object] ?? [] {
            fields.append([
                "name": association.field, "label": association.field, "type": "reference",
                "custom": association.field.hasSuffix("__c"),
            ])
        }
        return ["name": object, "fields": fields]
    }

    static func libraryType(_ property: [String: Any]) -> String {
        switch (property["type"] as? String ?? "", property["fieldType"] as? String ?? "") {
        case ("string", "textarea"): "textarea"
        case ("number", _): "double"
        case ("date", _): "date"
        case ("datetime", _): "datetime"
        case ("enumeration", "checkbox"): "multipicklist"
        case ("enumeration", _): "picklist"
        case ("bool", _): "boolean"
        case ("phone_number", _): "phone"
        default: "string"
        }
    }

    // MARK: reads

    func records(_ object: String, fields: [String], where conditions: [CRMCondition]) throws(RemoteError) -> [[String:
        Any]]
    {
        let type = try hubSpotType(object)
        var filters: [[String: Any]] = []
        var onReferences: [CRMCondition] = []
        var throughAssociation: (HubSpotProjection.Association, String)?
        for condition in conditions {
            switch condition {
            case .equals(let field, let value):
                if let association = HubSpotProjection.association(object, field) {
                    onReferences.append(condition)
                    if throughAssociation == nil, let target = JSONBody.text(value) {
                        throughAssociation = (association, target)
                    }
                } else if let flag = value as? Bool {
                    filters.append([
                        "propertyName": try property(object, field), "operator": flag ? "EQ" : "NEQ", "value": "true",
                    ])
                } else {
                    let name = try property(object, field)
                    filters.append([
                        "propertyName": name, "operator": "EQ", "value": try hubSpotValue(type, name, value),
                    ])
                }
            case .isNull(let field), .notNull(let field):
                if HubSpotProjection.association(object, field) != nil {
                    onReferences.append(condition)
                    continue
                }
                var isNull = false
                if case .isNull = condition { isNull = true }
                filters.append([
                    "propertyName": try property(object, field),
                    "operator": isNull ? "NOT_HAS_PROPERTY" : "HAS_PROPERTY",
                ])
            }
        }
        let found: [[String: Any]]
        if let through = throughAssociation {
            // Records that point at `target`: the target's associations, read back from this side.
            let (association, target) = through
            let linked = try retrying(
                "associations of \(target)", .get,
                "/crm/v4/objects/\(association.target)/\(target)/associations/\(type)")
            let ids = (linked["results"] as? [[String: Any]] ?? []).compactMap { JSONBody.text($0["toObjectId"]) }
            found = try batchRead(type, ids: ids, object: object, fields: fields).filter { record in
                filters.isEmpty || matchesAll(record, filters)
            }
        } else {
            found = try search(type, object: object, fields: fields, filters: filters, sortedByChange: false)
        }
        let hydrated = try withReferences(object, type, found, fields: fields + onReferences.map(\.field))
        return hydrated.filter { record in onReferences.allSatisfy { $0.holds(record) } }.map(Self.withoutRaw)
    }

    func changed(_ object: String, fields: [String], since watermark: String?) throws(RemoteError) -> [[String: Any]] {
        let type = try hubSpotType(object)
        var filters: [[String: Any]] = []
        if let watermark, let instant = JSONBody.instant(watermark) {
            filters.append([
                "propertyName": "hs_lastmodifieddate", "operator": "GTE",
                "value": String(Int64((instant.timeIntervalSince1970 * 1000).rounded(.down))),
            ])
        }
        let found = try search(
            type, object: object, fields: fields + ["SystemModstamp"], filters: filters, sortedByChange: true)
        return try withReferences(object, type, found, fields: fields).map(Self.withoutRaw)
    }

    static func withoutRaw(_ record: [String: Any]) -> [String: Any] { record.filter { $0.key != "_hubspot" } }

    func property(_ object: String, _ field: String) throws(RemoteError) -> String {
        guard let name = HubSpotProjection.property(object, field) else {
            throw .permanent(status: 400, "\(object).\(field) is an association in HubSpot, not a property")
        }
        return name
    }

    /// A search's every page (up to HubSpot's 10,000-result window; the change feed goes on from its newest stamp next cycle).
    func search(_ type: String, object: String, fields: [String], filters: [[String: Any]], sortedByChange: Bool)
        throws(RemoteError) -> [[String: Any]]
    {
        let names = propertyNames(object, fields)
        var body: [String: Any] = [
            "filterGroups": filters.isEmpty ? [] : [["filters": filters]], "properties": names, "limit": 200,
        ]
        if sortedByChange { body["sorts"] = [["propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"]] }
        var results: [[String: Any]] = []
        while true {
            let page = try retrying("search \(type)", .post, "/crm/v3/objects/\(type)/search", body: body)
            results += page["results"] as? [[String: Any]] ?? []
            guard let after = ((page["paging"] as? [String: Any])?["next"] as? [String: Any])?["after"] as? String,
                (Int(after) ?? 0) < 10_000
            else { break }
            body["after"] = after
        }
        var records: [[String: Any]] = []
        for hit in results { records.append(try libraryRecord(object, type, hit, fields: fields)) }
        return records
    }

    func batchRead(_ type: String, ids: [String], object: String, fields: [String]) throws(RemoteError) -> [[String:
        Any]]
    {
        var records: [[String: Any]] = []
        for start in stride(from: 0, to: ids.count, by: 100) {
            let inputs = ids[start..<min(ids.count, start + 100)].map { ["id": $0] }
            let page = try retrying(
                "batch read \(type)", .post, "/crm/v3/objects/\(type)/batch/read",
                body: ["inputs": inputs, "properties": propertyNames(object, fields)])
            for hit in page["results"] as? [[String: Any]] ?? [] {
                records.append(try libraryRecord(object, type, hit, fields: fields))
            }
        }
        return records
    }

    func propertyNames(_ object: String, _ fields: [String]) -> [String] {
        Array(Set(fields.compactMap { HubSpotProjection.property(object, $0) } + ["hs_lastmodifieddate"])).sorted()
    }

    /// A HubSpot record in the library's names and types; its raw properties stay under `_hubspot` for client-side filters.
    func libraryRecord(_ object: String, _ type: String, _ hit: [String: Any], fields: [String]) throws(RemoteError)
        -> [String: Any]
    {
        let values = hit["properties"] as? [String: Any] ?? [:]
        var record: [String: Any] = ["Id": JSONBody.text(hit["id"]) ?? "", "_hubspot": values]
        for field in fields where field != "Id" {
            guard let name = HubSpotProjection.property(object, field) else { continue }
            record[field] = try libraryValue(type, name, values[name])
        }
        record["SystemModstamp"] = values["hs_lastmodifieddate"] ?? hit["updatedAt"] ?? NSNull()
        return record
    }

    func matchesAll(_ record: [String: Any], _ filters: [[String: Any]]) -> Bool {
        let values = record["_hubspot"] as? [String: Any] ?? [:]
        return filters.allSatisfy { filter in
            let value = JSONBody.text(values[filter["propertyName"] as? String ?? ""]).flatMap { $0.isEmpty ? nil : $0 }
            switch filter["operator"] as? String {
            case "EQ": return value == filter["value"] as? String
            case "NEQ": return value != filter["value"] as? String
            case "HAS_PROPERTY": return value != nil
            default: return value == nil
            }
        }
    }

    /// Fills the reference fields among `fields` from each record's associations (one batch read per target type).
    func withReferences(_ object: String, _ type: String, _ records: [[String: Any]], fields: [String])
        throws(RemoteError) -> [[String: Any]]
    {
        let wanted = (HubSpotProjection.associations[object] ?? []).filter { fields.contains($0.field) }
        guard !wanted.isEmpty, !records.isEmpty else { return records }
        var filled = records
        for target in Set(wanted.map(\.target)).sorted() {
            let links = try associationLinks(type, target, ids: records.compactMap { $0["Id"] as? String })
            for index in filled.indices {
                let id = filled[index]["Id"] as? String ?? ""
                for association in wanted where association.target == target {
                    filled[index][association.field] = try pick(association, from: type, links[id] ?? []) ?? NSNull()
                }
            }
        }
        return filled
    }

    /// Record id → its links to `target`: the linked id and the association types (`typeId`, `label`).
    func associationLinks(_ type: String, _ target: String, ids: [String]) throws(RemoteError) -> [String: [(
        id: String, types: [[String: Any]]
    )]] {
        var links: [String: [(id: String, types: [[String: Any]])]] = [:]
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let inputs = ids[start..<min(ids.count, start + 1000)].map { ["id": $0] }
            let page = try retrying(
                "associations \(type)→\(target)", .post, "/crm/v4/associations/\(type)/\(target)/batch/read",
                body: ["inputs": inputs])
            for result in page["results"] as? [[String: Any]] ?? [] {
                guard let from = JSONBody.text((result["from"] as? [String: Any])?["id"]) else { continue }
                links[from] = (result["to"] as? [[String: Any]] ?? []).compactMap { link in
                    JSONBody.text(link["toObjectId"]).map {
                        (id: $0, types: link["associationTypes"] as? [[String: Any]] ?? [])
                    }
                }
            }
        }
        return links
    }

    /// The linked record a reference field stands for: the one under its label, or
    /// of its HubSpot type (else any linked record under no user-defined label).
    func pick(
        _ association: HubSpotProjection.Association, from type: String, _ links: [(id: String, types: [[String: Any]])]
    ) throws(RemoteError) -> String? {
        if let label = association.label {
            return links.first { $0.types.contains { $0["label"] as? String == label } }?.id
        }
        if let typeID = association.typeID,
            let typed = links.first(where: { $0.types.contains { JSONBody.text($0["typeId"]) == String(typeID) } })
        {
            return typed.id
        }
        return links.first { $0.types.allSatisfy { $0["category"] as? String != "USER_DEFINED" } }?.id
    }

    func isOwnChange(_ record: [String: Any]) -> Bool {
        guard let id = record["Id"] as? String, let own = ownStamps[id] else { return false }
        return JSONBody.same(own, record["SystemModstamp"])
    }

    func recordType(_ object: String, developerName: String) throws(RemoteError) -> String? { nil }
}

extension CRMCondition {
    var field: String {
        switch self {
        case .equals(let field, _), .isNull(let field), .notNull(let field): field
        }
    }

    /// Whether a record in the library's names meets the condition.
    func holds(_ record: [String: Any]) -> Bool {
        let value = JSONBody.text(record[field]).flatMap { $0.isEmpty ? nil : $0 }
        switch self {
        case .equals(_, let wanted): return value == JSONBody.text(wanted)
        case .isNull: return value == nil
        case .notNull: return value != nil
        }
    }
}
