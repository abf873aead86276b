extension DriftFault {
    public static let description = FaultDescription(
        type: "drift",
        summary:
            "One change to the live schema, made through the store and journaled; nested definitions take the org file's form.",
        isTraffic: false,
        attributes: [
            FaultAttribute(
                "change", .string, required: true, allowed: Change.allCases.map { .string($0.rawValue) },
                "Which change."),
            FaultAttribute("object", .string, "The object changed (API name)."),
            FaultAttribute(
                "field", .stringOrObject,
                "A field's API name; for addField and addRequiredField a field definition ({\"name\",\"type\",…})."),
            FaultAttribute(
                "backfill", .any, absentMeans: "records stay null",
                "Value given to existing records (a journaled write)."),
            FaultAttribute("newName", .string, "The field's new API name."),
            FaultAttribute(
                "fieldType", .string, allowed: FieldType.allCases.map { .string($0.rawValue) }, "The field's new type."),
            FaultAttribute("length", .integer, minimum: 0, "Length for text types."),
            FaultAttribute("precision", .integer, minimum: 0, "Digits for numbers."),
            FaultAttribute("scale", .integer, minimum: 0, "Digits after the point."),
            FaultAttribute("value", .stringOrObject, "A picklist value: a string, or {\"value\",\"label\",…}."),
            FaultAttribute("rule", .object, "A validation rule: name, errorMessage, errorField, condition."),
            FaultAttribute(
                "recordType", .object, "A record type: developerName, name, active, isDefault, optional id."),
            FaultAttribute("definition", .object, "An object definition with keyPrefix and fields."),
        ],
        discriminator: "change",
        variants: Change.allCases.map { change in
            let (required, optional) = change.attributes
            return .init(change.rawValue, required: required, optional: optional, change.summary)
        },
        examples: [
            [
                "type": "drift", "change": "addField", "object": "Account",
                "field": [
                    "name": "Churn_Risk__c", "type": "picklist",
                    "picklistValues": [["value": "Low"], ["value": "High"]],
                ], "backfill": "Low",
            ],
            [
                "type": "drift", "change": "renameField", "object": "Account", "field": "Region__c",
                "newName": "Sales_Region__c",
            ],
        ])
}

extension DriftFault.Change {
    var summary: String {
        switch self {
        case .addField: "A new field; live records get backfill, or stay null."
        case .renameField: "The API name changes; values move; validation rules follow."
        case .changeFieldType: "Values that convert stay (converted), the rest are cleared."
        case .deleteField: "The field and its values are gone."
        case .addPicklistValue: "A new picklist value, or an inactive one active again."
        case .deactivatePicklistValue: "Inactive in describe; a restricted picklist refuses it on writes."
        case .addRequiredField: "Like addField, required: creates without it fail."
        case .addValidationRule: "Writes meeting the condition fail."
        case .addRecordType: "A record type (Salesforce only)."
        case .addObject: "A whole new object."
        }
    }
}
