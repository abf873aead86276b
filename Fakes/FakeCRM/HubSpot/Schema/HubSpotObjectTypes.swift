import FakeKit

/// HubSpot's names for an object type. Each object of a HubSpot org is
/// stored under its plural API name (`companies`); its `keyPrefix` holds the
/// object type id (`0-2`; `2-…` for custom objects). Paths may name an
/// object by any of its names, as HubSpot accepts them.
public enum HubSpotObjectTypes {
    public struct Standard: Sendable {
        public let name: String
        public let singular: String
        public let typeID: String
        /// The properties a read returns when it names none.
        public let defaultProperties: [String]
        /// The properties a search `query` matches.
        public let searchable: [String]
    }

    public static let standard: [Standard] = [
        Standard(
            name: "contacts", singular: "contact", typeID: "0-1",
            defaultProperties: ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"],
            searchable: ["firstname", "lastname", "email", "phone", "company", "hs_additional_emails", "mobilephone"]),
        Standard(
            name: "companies", singular: "company", typeID: "0-2",
            defaultProperties: ["createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"],
            searchable: ["name", "domain", "website", "phone"]),
        Standard(
            name: "deals", singular: "deal", typeID: "0-3",
            defaultProperties: ["amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate", "hs_object_id", "pipeline"],
            searchable: ["dealname", "description"]),
        Standard(
            name: "products", singular: "product", typeID: "0-7",
            defaultProperties: ["createdate", "description", "hs_lastmodifieddate", "hs_object_id", "name", "price"], searchable: ["name", "description"]),
        Standard(
            name: "line_items", singular: "line_item", typeID: "0-8",
            defaultProperties: ["amount", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_product_id", "name", "price", "quantity"],
            searchable: ["name", "description"]),
        Standard(
            name: "leads", singular: "lead", typeID: "0-136",
            defaultProperties: ["createdate", "hs_lastmodifieddate", "hs_lead_name", "hs_object_id"], searchable: ["hs_lead_name"]),
    ]

    /// Objects an org keeps that are not CRM objects: owners are served by `/crm/v3/owners` only.
    public static let owners = "owners"

    public static func standard(named name: String) -> Standard? { standard.first { $0.name == name } }

    /// The object a path segment names: its plural or singular name, its type
    /// id (`0-2`), or for a custom object its fully qualified name (`p123_cars`).
    public static func resolve(_ segment: String, in schema: Schema, portalID: Int) -> ObjectDefinition? {
        let lowered = segment.lowercased()
        if lowered == owners { return nil }
        if let object = schema.object(lowered), object.name != owners { return object }
        if let standard = standard.first(where: { $0.singular == lowered || $0.typeID == lowered }) { return schema.object(standard.name) }
        return schema.objects.first { object in
            object.name != owners && (object.keyPrefix == lowered || fullyQualifiedName(object, portalID: portalID).lowercased() == lowered)
        }
    }

    /// The CRM objects of a schema (everything but owners).
    public static func crmObjects(_ schema: Schema) -> [ObjectDefinition] { schema.objects.filter { $0.name != owners } }

    public static func isCustom(_ object: ObjectDefinition) -> Bool { object.keyPrefix.hasPrefix("2-") }

    public static func fullyQualifiedName(_ object: ObjectDefinition, portalID: Int) -> String {
        isCustom(object) ? "p\(portalID)_\(object.name)" : object.name
    }

    /// The singular internal name (`company`), as HubSpot's v1/v2 APIs and association names use it.
    public static func singular(_ object: ObjectDefinition) -> String {
        standard(named: object.name)?.singular ?? object.name
    }

    public static func defaultProperties(_ object: ObjectDefinition) -> [String] {
        if let standard = standard(named: object.name) { return standard.defaultProperties.filter { object.field($0) != nil } }
        return ["createdate", "hs_lastmodifieddate", "hs_object_id"] + (object.fields.first { $0.custom }.map { [$0.name] } ?? [])
    }

    public static func searchable(_ object: ObjectDefinition) -> [String] {
        (standard(named: object.name)?.searchable ?? object.fields.filter { $0.type == .string }.map(\.name)).filter { object.field($0) != nil }
    }
}
