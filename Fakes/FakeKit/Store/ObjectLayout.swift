/// An object's fields grouped the ways a write checks them, computed once per
/// schema version: bulk loads would otherwise scan the field list, comparing
/// names case-insensitively, several times for every row.
struct ObjectLayout {
    let definition: ObjectDefinition
    /// Lower-cased field name → definition.
    let byName: [String: FieldDefinition]
    let withDefaults: [FieldDefinition]
    let required: [FieldDefinition]
    let references: [FieldDefinition]
    let unique: [FieldDefinition]
    let indexed: [FieldDefinition]
    /// `StoreState.indexKey` of each indexed field, in the same order.
    let indexKeys: [String]

    init(_ definition: ObjectDefinition) {
        self.definition = definition
        var byName: [String: FieldDefinition] = [:]
        for field in definition.fields { byName[field.name.lowercased()] = field }
        self.byName = byName
        withDefaults = definition.fields.filter { $0.defaultValue != nil || $0.picklistValues.contains { $0.defaultValue && $0.active } }
        required = definition.fields.filter { $0.required && $0.createable }
        references = definition.fields.filter { $0.type == .reference }
        unique = definition.fields.filter(\.unique)
        indexed = definition.fields.filter(StoreState.isIndexed)
        indexKeys = indexed.map { StoreState.indexKey(definition.name, $0.name) }
    }

    /// The field named `name`, in any case.
    func field(_ name: String) -> FieldDefinition? {
        byName[name] ?? byName[name.lowercased()]
    }
}
