import FakeKit

/// The describe documents of the REST API, built from the live schema.
enum SalesforceDescribe {
    static func soapType(_ type: FieldType) -> String {
        switch type {
        case .id, .reference: "tns:ID"
        case .boolean: "xsd:boolean"
        case .int: "xsd:int"
        case .long: "xsd:long"
        case .double, .currency, .percent: "xsd:double"
        case .date: "xsd:date"
        case .datetime: "xsd:dateTime"
        case .time: "xsd:time"
        case .base64: "xsd:base64Binary"
        case .address: "urn:address"
        case .location: "urn:location"
        default: "xsd:string"
        }
    }

    static func field(_ field: FieldDefinition, object: ObjectDefinition) -> OrderedJSON {
        let isText = [.string, .textarea, .email, .phone, .url, .picklist, .multipicklist, .combobox, .encryptedstring, .id, .reference].contains(field.type)
        let length = field.length ?? (field.type == .id || field.type == .reference ? 18 : isText ? 255 : 0)
        let picklist: [OrderedJSON] = field.picklistValues.map { value in
            .object([
                ("active", .value(.bool(value.active))), ("defaultValue", .value(.bool(value.defaultValue))),
                ("label", .value(.string(value.label))), ("validFor", .value(.null)), ("value", .value(.string(value.value))),
            ])
        }
        let nillable = !field.required && field.type != .boolean && field.type != .id
        let pairs: [(String, JSONValue)] = [
            ("aggregatable", .bool(field.type != .textarea)), ("autoNumber", false), ("byteLength", .int(isText ? length * 3 : 0)),
            ("calculated", false), ("cascadeDelete", .bool(field.cascadeDelete)), ("caseSensitive", false),
            ("createable", .bool(field.createable)), ("custom", .bool(field.custom)), ("defaultValue", field.defaultValue ?? .null),
            ("defaultedOnCreate", .bool(!field.createable || field.defaultValue != nil || field.type == .boolean)),
            ("dependentPicklist", false), ("digits", .int(field.type == .int ? (field.precision ?? 9) : 0)),
            ("externalId", .bool(field.externalId)), ("filterable", .bool(field.type != .textarea)), ("groupable", .bool(isText)),
            ("htmlFormatted", false), ("idLookup", .bool(field.type == .id || field.externalId)),
            ("label", .string(field.label)), ("length", .int(isText ? length : 0)), ("name", .string(field.name)),
            ("nameField", .bool(field.name == "Name")), ("namePointing", false), ("nillable", .bool(nillable)),
            ("permissionable", .bool(field.custom && nillable)),
        ]
        let tail: [(String, JSONValue)] = [
            ("polymorphicForeignKey", .bool(field.referenceTo.count > 1)),
            ("precision", .int([.double, .currency, .percent].contains(field.type) ? (field.precision ?? 18) : 0)),
            ("referenceTo", .array(field.referenceTo.map(JSONValue.string))),
            ("relationshipName", field.relationshipName.map(JSONValue.string) ?? .null),
            ("restrictedPicklist", .bool(field.restrictedPicklist)),
            ("scale", .int([.double, .currency, .percent].contains(field.type) ? (field.scale ?? 0) : 0)),
            ("soapType", .string(soapType(field.type))), ("sortable", .bool(field.type != .textarea && field.type != .multipicklist)),
            ("type", .string(field.type.rawValue)), ("unique", .bool(field.unique)), ("updateable", .bool(field.updateable)),
        ]
        return .object(pairs.map { ($0.0, .value($0.1)) } + [("picklistValues", .array(picklist))] + tail.map { ($0.0, .value($0.1)) })
    }

    static func urls(_ object: ObjectDefinition, version: String) -> OrderedJSON {
        let base = "/services/data/\(version)/sobjects/\(object.name)"
        return .object([
            ("rowTemplate", .value(.string("\(base)/{ID}"))), ("describe", .value(.string("\(base)/describe"))),
            ("sobject", .value(.string(base))),
        ])
    }

    /// The entry describeGlobal and basic information give for an object.
    static func summary(_ object: ObjectDefinition, version: String) -> OrderedJSON {
        let pairs: [(String, JSONValue)] = [
            ("activateable", false), ("createable", true), ("custom", .bool(object.custom)), ("customSetting", false),
            ("deletable", true), ("deprecatedAndHidden", false), ("feedEnabled", false), ("hasSubtypes", false),
            ("isSubtype", false), ("keyPrefix", .string(object.keyPrefix)), ("label", .string(object.label)),
            ("labelPlural", .string(object.labelPlural)), ("layoutable", true), ("mergeable", false), ("mruEnabled", true),
            ("name", .string(object.name)), ("queryable", true), ("replicateable", true), ("retrieveable", true),
            ("searchable", true), ("triggerable", true), ("undeletable", true), ("updateable", true),
        ]
        return .object(pairs.map { ($0.0, .value($0.1)) } + [("urls", urls(object, version: version))])
    }

    static let masterRecordTypeID = "012000000000000AAA"

    static func describe(_ object: ObjectDefinition, schema: Schema, version: String) -> OrderedJSON {
        guard case .object(var pairs) = summary(object, version: version) else { return .object([]) }
        var children: [OrderedJSON] = []
        for other in schema.objects {
            for field in other.fields where field.type == .reference && field.referenceTo.contains(where: { $0.caseInsensitiveEquals(object.name) }) {
                children.append(
                    .object([
                        ("cascadeDelete", .value(.bool(field.cascadeDelete))), ("childSObject", .value(.string(other.name))),
                        ("deprecatedAndHidden", .value(false)), ("field", .value(.string(field.name))),
                        ("relationshipName", .value(.null)), ("restrictedDelete", .value(false)),
                    ]))
            }
        }
        let recordTypes = object.recordTypes.map { type -> OrderedJSON in
            .object([
                ("active", .value(.bool(type.active))), ("available", .value(true)),
                ("defaultRecordTypeMapping", .value(.bool(type.isDefault))), ("developerName", .value(.string(type.developerName))),
                ("master", .value(false)), ("name", .value(.string(type.name))), ("recordTypeId", .value(.string(type.id))),
            ])
        }
        let master = OrderedJSON.object([
            ("active", .value(true)), ("available", .value(true)),
            ("defaultRecordTypeMapping", .value(.bool(!object.recordTypes.contains(where: \.isDefault)))),
            ("developerName", .value("Master")), ("master", .value(true)), ("name", .value("Master")),
            ("recordTypeId", .value(.string(masterRecordTypeID))),
        ])
        pairs.append(("childRelationships", .array(children)))
        pairs.append(("fields", .array(object.fields.map { field($0, object: object) })))
        pairs.append(("recordTypeInfos", .array(recordTypes + [master])))
        pairs.append(("supportedScopes", .array([.object([("label", .value("All accounts")), ("name", .value("everything"))])])))
        return .object(pairs)
    }
}
