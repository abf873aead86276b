import FakeKit
import Foundation

/// Reads the JSON that Salesforce's `GET /services/data/vXX.X/sobjects/{Obj}/describe`
/// returns, one file per object, so a buyer can run the harness against the
/// shape of their own org (`sync-verifier serve --org path/to/describes/`).
public enum DescribeImporter {
    /// Every `*.json` file in the folder, one object each.
    public static func load(folder: URL) throws -> OrgDefinition {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        guard !files.isEmpty else { throw OrgFileError(file: folder.path, problems: ["no describe (*.json) files in the folder"]) }
        var objects: [ObjectDefinition] = []
        for file in files {
            let json = try JSONParser.parse(Data(contentsOf: file), file: file.path)
            do {
                objects.append(try object(from: json))
            } catch let error as OrgFileError {
                throw OrgFileError(file: file.path, problems: error.problems)
            }
        }
        return OrgDefinition(
            name: folder.lastPathComponent, description: "Imported from \(files.count) describe results in \(folder.path)",
            schema: Schema(objects: objects))
    }

    /// One object from its describe result.
    public static func object(from describe: JSONValue) throws -> ObjectDefinition {
        guard let name = describe["name"]?.stringValue else { throw OrgFileError(file: "", problems: ["name: missing; not a describe result"]) }
        guard let rawFields = describe["fields"]?.arrayValue else {
            throw OrgFileError(file: "", problems: ["fields: missing; not a describe result for \(name)"])
        }
        var fields: [FieldDefinition] = []
        var problems: [String] = []
        for (index, raw) in rawFields.enumerated() {
            guard let fieldName = raw["name"]?.stringValue, let typeName = raw["type"]?.stringValue else {
                problems.append("fields[\(index)]: name and type are required")
                continue
            }
            guard let type = FieldType(rawValue: typeName) else {
                problems.append("fields[\(index)] (\(fieldName)): unsupported field type '\(typeName)'")
                continue
            }
            let nillable = raw["nillable"]?.boolValue ?? true
            let createable = raw["createable"]?.boolValue ?? true
            let defaulted = raw["defaultedOnCreate"]?.boolValue ?? false
            let picklist = (raw["picklistValues"]?.arrayValue ?? []).compactMap { value -> PicklistValue? in
                guard let text = value["value"]?.stringValue else { return nil }
                return PicklistValue(
                    text, label: value["label"]?.stringValue, active: value["active"]?.boolValue ?? true,
                    defaultValue: value["defaultValue"]?.boolValue ?? false)
            }
            fields.append(
                FieldDefinition(
                    name: fieldName, label: raw["label"]?.stringValue, type: type,
                    length: raw["length"]?.intValue.flatMap { $0 > 0 ? $0 : nil },
                    precision: raw["precision"]?.intValue.flatMap { $0 > 0 ? $0 : nil },
                    scale: raw["scale"]?.intValue.flatMap { type == .int || $0 > 0 ? $0 : nil },
                    required: !nillable && createable && !defaulted && type != .boolean && type != .id,
                    unique: raw["unique"]?.boolValue ?? false, externalId: raw["externalId"]?.boolValue ?? false,
                    createable: createable && type != .id, updateable: raw["updateable"]?.boolValue ?? true,
                    picklistValues: picklist, restrictedPicklist: raw["restrictedPicklist"]?.boolValue ?? false,
                    referenceTo: (raw["referenceTo"]?.arrayValue ?? []).compactMap(\.stringValue),
                    relationshipName: raw["relationshipName"]?.stringValue, custom: raw["custom"]?.boolValue,
                    defaultValue: raw["defaultValue"].flatMap { $0.isNull ? nil : $0 },
                    cascadeDelete: raw["cascadeDelete"]?.boolValue ?? false))
        }
        guard problems.isEmpty else { throw OrgFileError(file: "", problems: problems) }
        let recordTypes = (describe["recordTypeInfos"]?.arrayValue ?? []).compactMap { info -> RecordTypeDefinition? in
            // The "Master" record type every object reports is not a real record type.
            guard let id = info["recordTypeId"]?.stringValue, info["master"]?.boolValue != true,
                let developerName = info["developerName"]?.stringValue
            else { return nil }
            return RecordTypeDefinition(
                id: id, developerName: developerName, name: info["name"]?.stringValue, active: info["active"]?.boolValue ?? true,
                isDefault: info["defaultRecordTypeMapping"]?.boolValue ?? false)
        }
        return ObjectDefinition(
            name: name, label: describe["label"]?.stringValue, labelPlural: describe["labelPlural"]?.stringValue,
            keyPrefix: describe["keyPrefix"]?.stringValue ?? "a00", custom: describe["custom"]?.boolValue, fields: fields,
            recordTypes: recordTypes)
    }
}
