import CRMProjection
import FakeKit

/// A library org — Salesforce's vocabulary, as the bundled `partner-channel`
/// is written — served as a HubSpot portal, by `HubSpotProjection`
/// (docs/hubspot-projection.md): `Account`/`Contact`/`Opportunity` become
/// `companies`/`contacts`/`deals`, fields their lower-case properties,
/// picklist values enumeration options (stages keep their won/closed
/// metadata and probability, under a `default` pipeline), the projected
/// reference fields associations, and users owners. What the projection has
/// no place for (other objects, other reference fields, record types,
/// validation rules, Salesforce's audit fields) is left out.
public enum HubSpotOrgProjection {
    /// Whether an org is written in the library's vocabulary (it has library objects and no HubSpot ones).
    public static func isLibraryOrg(_ org: OrgDefinition) -> Bool {
        org.schema.objects.contains { HubSpotProjection.object($0.name) != nil }
            && !org.schema.objects.contains { HubSpotProjection.libraryObject($0.name) != nil }
    }

    /// Salesforce's own audit fields: HubSpot keeps its own (`createdate`, `hs_lastmodifieddate`).
    static let leftOut: Set<String> = [
        "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp", "IsDeleted",
    ]
    static let typeIDs = ["companies": "0-2", "contacts": "0-1", "deals": "0-3"]

    public static func project(_ org: OrgDefinition) -> OrgDefinition {
        var objects: [ObjectDefinition] = []
        if org.schema.object("User") != nil { objects.append(owners) }
        for (library, type) in HubSpotProjection.objects.sorted(by: { $0.key < $1.key }) {
            guard let source = org.schema.object(library) else { continue }
            var fields: [FieldDefinition] = []
            // Two library fields on one property (a rule's clash): the first keeps it.
            for field in source.fields.compactMap({ project($0, of: library) })
            where !fields.contains(where: { $0.name == field.name }) { fields.append(field) }
            if type == "deals", !fields.contains(where: { $0.name == "pipeline" }) {
                fields.append(
                    FieldDefinition(
                        name: "pipeline", label: "Pipeline", type: .picklist,
                        picklistValues: [PicklistValue("default", label: "Sales Pipeline")],
                        restrictedPicklist: true, custom: false))
            }
            objects.append(
                ObjectDefinition(
                    name: type, label: source.label, labelPlural: source.labelPlural, keyPrefix: typeIDs[type] ?? type,
                    custom: false, fields: fields))
        }
        let schema = Schema(objects: objects)
        var seed: [(object: String, records: [OrgFile.SeedRecord])] = []
        for (object, records) in org.seed {
            guard let type = object == "User" ? "owners" : HubSpotProjection.object(object),
                let target = schema.object(type)
            else { continue }
            seed.append(
                (
                    type,
                    records.map { record in
                        var projected = record
                        projected.id = nil
                        projected.fields = [:]
                        for (name, value) in record.fields {
                            guard let property = object == "User" ? ownerField(name) : propertyName(name, of: object),
                                let field = target.field(property)
                            else { continue }
                            projected.fields[field.name] = optionValue(value, field)
                        }
                        return projected
                    }
                ))
        }
        return OrgDefinition(
            name: org.name, description: org.description + " (projected onto HubSpot)", schema: schema, seed: seed)
    }

    /// A field's place in the portal: a property, a reference that the fake keeps as an association, or nothing.
    static func project(_ field: FieldDefinition, of object: String) -> FieldDefinition? {
        if let association = HubSpotProjection.association(object, field.name) {
            var reference = field
            reference.referenceTo = [association.target]
            return reference
        }
        guard field.type != .id, field.type != .reference, !leftOut.contains(field.name),
            let name = HubSpotProjection.property(object, field.name)
        else { return nil }
        var property = field
        property.name = name
        let stage = object == "Opportunity" && field.name == "StageName"
        property.picklistValues = field.picklistValues.map { value in
            var option = value
            option.value = HubSpotProjection.optionValue(value.value, stage: stage)
            option.label = value.value
            return option
        }
        return property
    }

    static func propertyName(_ field: String, of object: String) -> String? {
        HubSpotProjection.association(object, field) != nil ? field : HubSpotProjection.property(object, field)
    }

    /// A picklist value as the option it became (a multi-select's parts each).
    static func optionValue(_ value: JSONValue, _ field: FieldDefinition) -> JSONValue {
        guard case .string(let text) = value, !field.picklistValues.isEmpty else { return value }
        let parts = text.split(separator: ";").map { part in
            field.picklistValues.first { $0.label == String(part) }?.value ?? String(part)
        }
        return .string(parts.joined(separator: ";"))
    }

    /// Users are HubSpot's owners: a user's `Username` is the owner's email.
    static let owners = ObjectDefinition(
        name: "owners", label: "Owner", labelPlural: "Owners", keyPrefix: "owners", custom: false,
        fields: [
            FieldDefinition(name: "email", label: "Email", type: .email, required: true, unique: true, custom: false),
            FieldDefinition(name: "firstName", label: "First name", type: .string, custom: false),
            FieldDefinition(name: "lastName", label: "Last name", type: .string, custom: false),
        ])

    static func ownerField(_ name: String) -> String? {
        ["Username": "email", "FirstName": "firstName", "LastName": "lastName"][name]
    }
}
