/// The library's CRM vocabulary on HubSpot, as the reference connectors see
/// it (docs/hubspot-projection.md): objects by table, standard fields by
/// table, every other field by rule (`__c` dropped, words joined by `_`, all
/// lower case: `PRM_Partner_Id__c` → `prm_partner_id`, `IsPartner` →
/// `is_partner`), and reference fields as associations, not properties.
enum HubSpotProjection {
    /// Library object → HubSpot object type.
    static let objects = ["Account": "companies", "Contact": "contacts", "Opportunity": "deals"]

    /// Fields HubSpot keeps under its own names.
    static let standardFields: [String: [String: String]] = [
        "Account": [
            "Name": "name", "Website": "website", "Phone": "phone", "BillingStreet": "address", "BillingCity": "city",
            "BillingCountry": "country",
            "Industry": "industry", "Type": "type", "NumberOfEmployees": "numberofemployees",
            "AnnualRevenue": "annualrevenue", "Description": "description",
        ],
        "Contact": [
            "FirstName": "firstname", "LastName": "lastname", "Email": "email", "Phone": "phone", "Title": "jobtitle",
            "LastModifiedDate": "lastmodifieddate",
        ],
        "Opportunity": [
            "Name": "dealname", "Amount": "amount", "CloseDate": "closedate", "StageName": "dealstage",
            "Type": "dealtype", "Description": "description",
        ],
    ]

    /// Fields every object has, answered from HubSpot's system properties.
    static let systemFields = [
        "Id": "hs_object_id", "SystemModstamp": "hs_lastmodifieddate", "LastModifiedDate": "hs_lastmodifieddate",
        "CreatedDate": "createdate",
    ]

    /// A reference field in HubSpot: an association to `target`, of HubSpot's
    /// type `typeID` (category `HUBSPOT_DEFINED`) or of a user-defined `label`.
    struct Association: Equatable {
        let field: String
        let target: String
        let typeID: Int?
        let label: String?
    }

    /// Reference fields, by library object. A deal's customer is its Primary
    /// company; its partner a company under the `Partner` label.
    static let associations: [String: [Association]] = [
        "Contact": [Association(field: "AccountId", target: "companies", typeID: 1, label: nil)],
        "Opportunity": [
            Association(field: "AccountId", target: "companies", typeID: 5, label: nil),
            Association(field: "Partner_Account__c", target: "companies", typeID: nil, label: "Partner"),
            Association(field: "Partner_Contact__c", target: "contacts", typeID: 3, label: nil),
        ],
    ]

    /// Custom properties the connector's flows write, created on a portal that lacks them (`type`/`fieldType`).
    static let ownProperties: [String: [(name: String, type: String, fieldType: String)]] = [
        "companies": [
            ("is_partner", "bool", "booleancheckbox"), ("partner_tier", "string", "text"),
            ("partner_status", "string", "text"), ("prm_partner_id", "string", "text"),
        ],
        "contacts": [("prm_contact_id", "string", "text"), ("certifications", "string", "text")],
        "deals": [
            ("deal_registration_id", "string", "text"), ("deal_source", "string", "text"),
            ("partner_tier", "string", "text"),
            ("registration_date", "date", "date"),
        ],
    ]

    static func object(_ name: String) -> String? { objects[name] }

    /// The HubSpot property of a library field (nil for a reference field).
    static func property(_ object: String, _ field: String) -> String? {
        if association(object, field) != nil { return nil }
        if let name = standardFields[object]?[field] ?? systemFields[field] { return name }
        return rule(field)
    }

    static func association(_ object: String, _ field: String) -> Association? {
        associations[object]?.first { $0.field == field }
    }

    /// The library field of a HubSpot property: the standard name where one
    /// maps to it, else the property's own name (a HubSpot-only property keeps it).
    static func field(_ object: String, property: String, known: [String]) -> String {
        if let standard = standardFields[object]?.first(where: { $0.value == property })?.key { return standard }
        if property == "hs_object_id" { return "Id" }
        if property == "hs_lastmodifieddate" { return "SystemModstamp" }
        if property == "createdate" { return "CreatedDate" }
        return known.first { rule($0) == property } ?? property
    }

    /// `PRM_Partner_Id__c` → `prm_partner_id`; `IsPartner` → `is_partner`; a HubSpot name stays as it is.
    static func rule(_ field: String) -> String {
        let stem = field.hasSuffix("__c") ? String(field.dropLast(3)) : field
        var out = ""
        var previous: Character?
        for character in stem {
            if character.isUppercase, let previous, previous.isLowercase || previous.isNumber { out.append("_") }
            out.append(character)
            previous = character
        }
        return out.lowercased()
    }
}
