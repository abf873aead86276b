/// The library's CRM vocabulary on HubSpot (docs/hubspot-projection.md), one
/// table for the reference connectors and the HubSpot fake's org projection: objects by table, standard fields by
/// table, every other field by rule (`__c` dropped, words joined by `_`, all
/// lower case: `PRM_Partner_Id__c` → `prm_partner_id`, `IsPartner` →
/// `is_partner`), and reference fields as associations, not properties.
package enum HubSpotProjection {
    /// Library object → HubSpot object type.
    package static let objects = ["Account": "companies", "Contact": "contacts", "Opportunity": "deals"]

    /// Fields HubSpot keeps under its own names.
    package static let standardFields: [String: [String: String]] = [
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
    package static let systemFields = [
        "Id": "hs_object_id", "SystemModstamp": "hs_lastmodifieddate", "LastModifiedDate": "hs_lastmodifieddate",
        "CreatedDate": "createdate",
    ]

    /// A reference field in HubSpot: an association to `target`, of HubSpot's
    /// type `typeID` (category `HUBSPOT_DEFINED`) or of a user-defined `label`.
    package struct Association: Equatable, Sendable {
        package let field: String
        package let target: String
        package let typeID: Int?
        package let label: String?

        package init(field: String, target: String, typeID: Int?, label: String?) {
            self.field = field
            self.target = target
            self.typeID = typeID
            self.label = label
        }
    }

    /// Reference fields, by library object. A deal's customer is its Primary
    /// company; its partner a company under the `Partner` label.
    package static let associations: [String: [Association]] = [
        "Contact": [Association(field: "AccountId", target: "companies", typeID: 1, label: nil)],
        "Opportunity": [
            Association(field: "AccountId", target: "companies", typeID: 5, label: nil),
            Association(field: "Partner_Account__c", target: "companies", typeID: nil, label: "Partner"),
            Association(field: "Partner_Contact__c", target: "contacts", typeID: 3, label: nil),
        ],
    ]

    /// Custom properties the connector's flows write, created on a portal that lacks them (`type`/`fieldType`).
    package static let ownProperties: [String: [(name: String, type: String, fieldType: String)]] = [
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

    package static func object(_ name: String) -> String? { objects[name] }

    /// The HubSpot property of a library field (nil for a reference field).
    package static func property(_ object: String, _ field: String) -> String? {
        if association(object, field) != nil { return nil }
        if let name = standardFields[object]?[field] ?? systemFields[field] { return name }
        return rule(field)
    }

    package static func association(_ object: String, _ field: String) -> Association? {
        associations[object]?.first { $0.field == field }
    }

    /// The library field of a HubSpot property: the standard name where one
    /// maps to it, else the property's own name (a HubSpot-only property keeps it).
    package static func field(_ object: String, property: String, known: [String]) -> String {
        if let standard = standardFields[object]?.first(where: { $0.value == property })?.key { return standard }
        if property == "hs_object_id" { return "Id" }
        if property == "hs_lastmodifieddate" { return "SystemModstamp" }
        if property == "createdate" { return "CreatedDate" }
        return known.first { rule($0) == property } ?? property
    }

    /// `PRM_Partner_Id__c` → `prm_partner_id`; `IsPartner` → `is_partner`; a HubSpot name stays as it is.
    package static func rule(_ field: String) -> String {
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

    /// The library object a HubSpot object type stands for.
    package static func libraryObject(_ type: String) -> String? { objects.first { $0.value == type }?.key }

    /// The option value a library picklist value becomes: a stage squashed to
    /// HubSpot's style (`Closed Won` → `closedwon`), any other value lower case
    /// with `_` between words (`Channel Partner / Reseller` → `channel_partner_reseller`).
    package static func optionValue(_ value: String, stage: Bool) -> String {
        if stage { return value.lowercased().filter { $0.isLetter || $0.isNumber } }
        return value.lowercased().split { !($0.isLetter || $0.isNumber) }.joined(separator: "_")
    }
}
