import Foundation

/// Zero-configuration mirroring: every CRM object becomes a PRM custom
/// object `CRM_<Object>` with a field per CRM field (picklists with their
/// values), and every CRM record a record there. The CRM's describe is
/// re-read as the run goes, so fields added later arrive with their history
/// (the object is read again from the start), and fields that disappear or
/// change type are alerted by name.
final class SchemaMirror {
    /// CRM object → field name → its describe.
    private(set) var crmFields: [String: [String: [String: Any]]] = [:]
    /// CRM objects beyond the mapped ones (custom objects and the rest), mirrored too.
    private(set) var mirroredCRMObjects: [String] = []
    /// PRM custom object → its field names.
    private var prmObjects: [String: Set<String>] = [:]
    /// `CRM_Account:<crm id>` → PRM record id.
    private var prmRecords: [String: String] = [:]
    private var unmirrorable: Set<String> = []
    /// Per mirrored record, the values last written (as text).
    private var lastWritten: [String: [String: String?]] = [:]
    /// Opportunity custom fields also kept on the deal registration (same API
    /// name), so PRM rules can key on them.
    private(set) var registrationFields: [String] = []
    static let mappedOpportunityFields: Set<String> = [
        "Partner_Account__c", "Partner_Tier__c", "Partner_Contact__c", "Deal_Registration_Id__c", "Registration_Date__c", "Deal_Source__c",
    ]

    static let skippedObjects: Set<String> = ["User", "RecordType"]
    static let types: [String: String] = [
        "string": "string", "textarea": "textarea", "picklist": "picklist", "multipicklist": "multipicklist", "boolean": "boolean",
        "int": "int", "double": "double", "currency": "currency", "percent": "percent", "date": "date", "datetime": "datetime",
        "email": "email", "phone": "phone", "url": "url", "reference": "string", "combobox": "string", "id": "string", "time": "string",
        "encryptedstring": "string", "long": "int",
    ]

    static func prmObject(_ crmObject: String) -> String { "CRM_" + crmObject.replacingOccurrences(of: "__c", with: "_c") }
    static func prmField(_ crmField: String) -> String { crmField == "Id" ? "CrmId" : crmField }

    /// Objects whose describe must be read again (a query named a field that is gone).
    private var stale: Set<String> = []

    func invalidate(_ object: String) { stale.insert(object) }

    func refresh(_ mirror: MirrorConnector, full: Bool) throws(RemoteError) {
        if full || crmFields.isEmpty {
            let global = try mirror.crm.describeGlobal()
            for entry in global {
                guard let name = entry["name"] as? String, !Self.skippedObjects.contains(name), entry["queryable"] as? Bool != false else { continue }
                if !MirrorConnector.crmObjects.contains(name) && !mirroredCRMObjects.contains(name) { mirroredCRMObjects.append(name) }
            }
        }
        for object in MirrorConnector.crmObjects + mirroredCRMObjects where full || crmFields[object] == nil || stale.contains(object) {
            stale.remove(object)
            let describe: [String: Any]
            do { describe = try mirror.crm.describe(object) } catch {
                if case .permanent = error { continue }
                throw error
            }
            var fields: [String: [String: Any]] = [:]
            for field in describe["fields"] as? [[String: Any]] ?? [] { if let name = field["name"] as? String { fields[name] = field } }
            if let previous = crmFields[object] {
                for (name, field) in previous where fields[name] == nil {
                    mirror.alerts.post("The CRM field \(object).\(name) was deleted or renamed; its values no longer sync.", object: object, recordId: nil, severity: "warning")
                    _ = field
                }
                for (name, field) in fields {
                    if let old = previous[name], old["type"] as? String != field["type"] as? String {
                        mirror.alerts.post(
                            "The CRM field \(object).\(name) changed type from \(old["type"] ?? "?") to \(field["type"] ?? "?"); its values are mirrored as they now are.",
                            object: object, recordId: nil, severity: "warning")
                    }
                }
                if fields.keys.contains(where: { previous[$0] == nil }) {
                    // New fields: read the whole object again, so their history arrives.
                    mirror.state.crmWatermarks[object] = nil
                }
            }
            crmFields[object] = fields
            try ensurePRMObject(mirror, object, fields)
            if object == "Opportunity" { try ensureRegistrationFields(mirror, fields) }
        }
    }

    private func ensureRegistrationFields(_ mirror: MirrorConnector, _ fields: [String: [String: Any]]) throws(RemoteError) {
        let existing = Set((((try? mirror.prm.call(.get, "/schema/DealRegistration")) as? [String: Any])?["fields"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
        for (name, field) in fields.sorted(by: { $0.key < $1.key })
        where field["custom"] as? Bool == true && !Self.mappedOpportunityFields.contains(name) && field["type"] as? String != "reference" {
            if !existing.contains(name) {
                var definition: [String: Any] = ["name": name, "label": field["label"] ?? name, "type": Self.types[field["type"] as? String ?? ""] ?? "string"]
                if definition["type"] as? String == "picklist" || definition["type"] as? String == "multipicklist" {
                    let values = ((field["picklistValues"] as? [[String: Any]]) ?? []).compactMap { $0["value"] as? String }
                    if values.isEmpty { definition["type"] = "string" } else { definition["picklistValues"] = values }
                }
                do { _ = try mirror.prm.call(.post, "/schema/DealRegistration/fields", body: definition) } catch {
                    if case .permanent(_, let text) = error {
                        mirror.alerts.post("The CRM field Opportunity.\(name) cannot be added to deal registrations: \(text)", object: "Opportunity", recordId: nil, severity: "warning")
                        continue
                    }
                    throw error
                }
            }
            if !registrationFields.contains(name) { registrationFields.append(name) }
        }
    }

    private func ensurePRMObject(_ mirror: MirrorConnector, _ object: String, _ fields: [String: [String: Any]]) throws(RemoteError) {
        let name = Self.prmObject(object)
        if prmObjects[name] == nil {
            do {
                let existing = try mirror.prm.call(.get, "/schema/\(name)") as? [String: Any]
                prmObjects[name] = Set(((existing?["fields"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
            } catch {
                guard case .permanent(404, _) = error else { throw error }
                _ = try mirror.prm.retrying("create object", .post, "/schema", body: [
                    "name": name, "label": "\(object) (from the CRM)",
                    "fields": [["name": "CrmId", "type": "string", "length": 18, "externalId": true]],
                ])
                prmObjects[name] = ["CrmId"]
            }
        }
        for (fieldName, field) in fields.sorted(by: { $0.key < $1.key }) where fieldName != "Id" {
            let prmName = Self.prmField(fieldName)
            guard prmObjects[name]?.contains(prmName) != true, !unmirrorable.contains("\(name).\(prmName)") else { continue }
            var type = Self.types[field["type"] as? String ?? ""] ?? "string"
            var definition: [String: Any] = ["name": prmName, "label": field["label"] ?? prmName]
            if type == "picklist" || type == "multipicklist" {
                let values = ((field["picklistValues"] as? [[String: Any]]) ?? []).compactMap { $0["value"] as? String }
                if values.isEmpty { type = "string" } else { definition["picklistValues"] = values }
            }
            definition["type"] = type
            if type == "string" { definition["length"] = max(255, field["length"] as? Int ?? 255) }
            if type == "textarea" { definition["length"] = max(4000, field["length"] as? Int ?? 4000) }
            do {
                _ = try mirror.prm.call(.post, "/schema/\(name)/fields", body: definition)
                prmObjects[name, default: []].insert(prmName)
            } catch {
                if case .permanent(409, _) = error { prmObjects[name, default: []].insert(prmName); continue }
                if case .permanent(_, let text) = error {
                    unmirrorable.insert("\(name).\(prmName)")
                    mirror.alerts.post("The CRM field \(object).\(fieldName) cannot be mirrored to the PRM: \(text)", object: object, recordId: nil, severity: "warning")
                    continue
                }
                throw error
            }
        }
    }

    /// Writes one CRM record's values into its `CRM_<Object>` copy, creating
    /// it the first time (found again by `CrmId` after a restart).
    func mirrorRecord(_ mirror: MirrorConnector, object: String, _ record: [String: Any]) throws(RemoteError) {
        guard let crmID = record["Id"] as? String, record["IsDeleted"] as? Bool != true else { return }
        let name = Self.prmObject(object)
        guard let known = prmObjects[name] else { return }
        var desired: [String: Any] = ["CrmId": crmID]
        for (field, value) in record where field != "Id" && field != "attributes" && known.contains(Self.prmField(field)) {
            desired[Self.prmField(field)] = MirrorDefect.written(value, type: crmFields[object]?[field]?["type"] as? String)
        }
        let key = "\(name):\(crmID)"
        var existing: [String: Any]?
        if let id = prmRecords[key] {
            existing = ["id": id]
        } else {
            let found = try mirror.prm.retrying("find \(name)", .get, "/objects/\(name)?CrmId=\(crmID)")["data"] as? [[String: Any]] ?? []
            existing = found.first
        }
        do {
            if let existing, let id = existing["id"] as? String {
                prmRecords[key] = id
                let current = existing.count > 1 ? existing : try mirror.prm.get("objects/\(name)", id)
                var changes: [String: Any] = [:]
                // What this connector last wrote is not written again, whatever
                // spelling the PRM shows it in: these objects are the CRM's copy.
                for (field, value) in desired where !JSONBody.same(current[field], value) && lastWritten[key]?[field] != JSONBody.text(value) {
                    changes[field] = value
                }
                for (field, value) in changes { lastWritten[key, default: [:]][field] = JSONBody.text(value) }
                guard !changes.isEmpty else { return }
                _ = try mirror.prm.update("objects/\(name)", id, changes)
                mirror.record("crm-to-prm", "prm", name, id, "update", before: changes.mapValues { _ in NSNull() as Any }.merging(current.filter { changes[$0.key] != nil }) { $1 }, after: changes, source: "crm:\(crmID)")
            } else {
                let created = try mirror.prm.create("objects/\(name)", desired)
                if let id = created["id"] as? String {
                    prmRecords[key] = id
                    mirror.record("crm-to-prm", "prm", name, id, "create", before: nil, after: desired, source: "crm:\(crmID)")
                }
            }
        } catch {
            if case .permanent(_, let text) = error {
                mirror.alerts.post("Could not mirror \(object) \(crmID) to the PRM: \(text)", object: object, recordId: crmID)
                return
            }
            throw error
        }
    }
}
