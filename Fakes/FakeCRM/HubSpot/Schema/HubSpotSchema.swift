import FakeKit

/// The properties HubSpot keeps on every object by itself: `hs_object_id`,
/// `createdate` and `hs_lastmodifieddate` (and on contacts the older
/// `lastmodifieddate` too), all read-only and answered from the record's own
/// metadata; on deals, the closed/won flags and probability that follow the
/// stage. An org file lists only its own properties.
public enum HubSpotSchema {
    /// Read-only properties answered from the record's metadata, never stored.
    public static let metadataProperties: Set<String> = ["hs_object_id", "createdate", "hs_lastmodifieddate", "lastmodifieddate", "hs_createdate"]

    /// The deal properties that follow `dealstage` (`HubSpotDerivation`).
    public static let stageDerived = ["hs_is_closed", "hs_is_closed_won", "hs_deal_stage_probability"]

    public static func isSystemProperty(_ name: String) -> Bool {
        metadataProperties.contains(name.lowercased()) || stageDerived.contains(name.lowercased())
    }

    /// The schema a fake of `org` serves: reference fields become
    /// associations (they are not properties), and every CRM object gets the system properties.
    public static func served(_ schema: Schema) -> Schema {
        var stripped = schema
        for object in stripped.objects { stripped.modify(object.name) { $0.fields.removeAll { $0.type == .reference } } }
        return augment(stripped)
    }

    /// The org's schema with HubSpot's system properties added to each CRM object.
    public static func augment(_ schema: Schema) -> Schema {
        var augmented = schema
        for object in HubSpotObjectTypes.crmObjects(schema) {
            augmented.modify(object.name) { augment(&$0) }
        }
        return augmented
    }

    static func augment(_ object: inout ObjectDefinition) {
        func add(_ name: String, _ label: String, _ type: FieldType) {
            guard object.field(name) == nil else { return }
            object.fields.append(FieldDefinition(name: name, label: label, type: type, createable: false, updateable: false, custom: false))
        }
        add("hs_object_id", "Record ID", .double)
        add("createdate", "Create Date", .datetime)
        add("hs_lastmodifieddate", "Last Modified Date", .datetime)
        if object.name == "contacts" { add("lastmodifieddate", "Last Modified Date", .datetime) }
        if object.name == "deals", object.field("dealstage") != nil {
            add("hs_is_closed", "Is Deal Closed?", .boolean)
            add("hs_is_closed_won", "Is closed won", .boolean)
            add("hs_deal_stage_probability", "Deal probability", .double)
        }
    }

    /// The value of a metadata property of a record, in the store's canonical form.
    public static func metadataValue(_ name: String, of record: Record) -> JSONValue? {
        switch name.lowercased() {
        case "hs_object_id": .int(Int(record.id) ?? 0)
        case "createdate", "hs_createdate": .string(DateFormats.formatDateTime(record.createdAt))
        case "hs_lastmodifieddate", "lastmodifieddate": .string(DateFormats.formatDateTime(record.modifiedAt))
        default: nil
        }
    }
}

/// HubSpot's stage-driven deal properties: `hs_is_closed`, `hs_is_closed_won`
/// and `hs_deal_stage_probability` follow `dealstage` through the stage's
/// entry in the pipeline (the `dealstage` options' `isClosed`, `isWon`,
/// `probability`).
struct HubSpotDerivation: FieldDerivation {
    func derive(
        object: ObjectDefinition, field: (String) -> FieldDefinition?, previous: Record?, changed: Set<String>,
        fields: inout [String: JSONValue]
    ) {
        guard object.name == "deals", let stageField = field("dealstage"), changed.contains(stageField.name) || previous == nil,
            case .string(let stage) = fields[stageField.name] ?? .null,
            let entry = stageField.picklistValues.first(where: { $0.value == stage })
        else { return }
        if field("hs_is_closed") != nil { fields["hs_is_closed"] = .bool(entry.isClosed ?? false) }
        if field("hs_is_closed_won") != nil { fields["hs_is_closed_won"] = .bool(entry.isWon ?? false) }
        if field("hs_deal_stage_probability") != nil, let probability = entry.probability {
            fields["hs_deal_stage_probability"] = .double(Double(probability) / 100)
        }
    }
}
