import FakeKit

/// The PRM's objects, in FakeKit's schema terms, so that custom fields a
/// connector creates through the schema API are real schema changes and
/// every write is journaled like the CRM's.
enum PRMSchema {
    static func picklist(_ values: [String], default defaultValue: String? = nil) -> [PicklistValue] {
        values.map { PicklistValue($0, defaultValue: $0 == defaultValue) }
    }

    static func make(program: Program) -> Schema {
        let tiers = picklist(program.tiers.sorted { $0.rank < $1.rank }.map(\.name))
        func crmID(_ name: String) -> FieldDefinition { FieldDefinition(name: name, type: .string, length: 64, unique: true, externalId: true, custom: false) }
        func text(_ name: String, _ length: Int = 255, required: Bool = false) -> FieldDefinition {
            FieldDefinition(name: name, type: .string, length: length, required: required, custom: false)
        }
        // Fields the PRM computes itself: writable in the store (the PRM writes
        // them), read-only in the API (`PRMResource.readOnly`).
        func computed(_ name: String, _ type: FieldType) -> FieldDefinition {
            FieldDefinition(name: name, type: type, custom: false)
        }
        func partnerRef(required: Bool = true) -> FieldDefinition {
            FieldDefinition(name: "partnerId", type: .reference, required: required, referenceTo: ["Partner"], relationshipName: "partner", custom: false, cascadeDelete: true)
        }
        return Schema(objects: [
            ObjectDefinition(name: "Partner", keyPrefix: "prt", custom: false, fields: [
                text("name", required: true),
                FieldDefinition(name: "tier", type: .picklist, picklistValues: tiers, restrictedPicklist: true, custom: false),
                FieldDefinition(name: "status", type: .picklist, picklistValues: picklist(["active", "inactive"], default: "active"), restrictedPicklist: true, custom: false),
                text("region", 40), text("domain"), crmID("crmAccountId"),
                computed("qualificationRevenue", .currency),
                // The union of the partner's contacts' certifications, kept by the PRM.
                FieldDefinition(name: "certifications", type: .multipicklist, length: 4000, custom: false),
            ]),
            ObjectDefinition(name: "PartnerContact", keyPrefix: "pc", custom: false, fields: [
                partnerRef(), text("firstName", 40), text("lastName", 80, required: true),
                FieldDefinition(name: "email", type: .email, length: 80, required: true, custom: false),
                text("title", 128), FieldDefinition(name: "certifications", type: .multipicklist, length: 4000, custom: false),
                crmID("crmContactId"),
            ]),
            ObjectDefinition(name: "DealRegistration", keyPrefix: "dr", custom: false, fields: [
                partnerRef(), FieldDefinition(name: "partnerContactId", type: .reference, referenceTo: ["PartnerContact"], relationshipName: "partnerContact", custom: false),
                text("customerName", required: true), text("customerDomain"), FieldDefinition(name: "customerAddress", type: .textarea, length: 1000, custom: false),
                FieldDefinition(name: "amount", type: .currency, precision: 18, scale: 2, custom: false), text("currency", 3),
                FieldDefinition(name: "expectedCloseDate", type: .date, custom: false),
                FieldDefinition(name: "products", type: .multipicklist, length: 4000, custom: false),
                FieldDefinition(name: "status", type: .picklist, picklistValues: picklist(DealRegistrationStatus.allCases.map(\.rawValue), default: "submitted"), restrictedPicklist: true, custom: false),
                computed("registeredAt", .datetime), computed("expiresAt", .datetime),
                computed("confirmedAmount", .currency), computed("conflict", .boolean), computed("conflictReason", .textarea),
                computed("conflictWith", .string), crmID("crmOpportunityId"),
                // The opportunity's sales stage in the vendor's CRM, as the connector last reported it: what partners see of a deal's progress.
                text("stage", 80),
            ]),
            ObjectDefinition(name: "Lead", keyPrefix: "ld", custom: false, fields: [
                partnerRef(), text("firstName", 40), text("lastName", 80, required: true), text("company", required: true),
                FieldDefinition(name: "email", type: .email, length: 80, custom: false), text("phone", 40),
                FieldDefinition(name: "status", type: .picklist, picklistValues: picklist(["new", "accepted", "rejected", "converted"], default: "new"), restrictedPicklist: true, custom: false),
                crmID("crmLeadId"),
            ]),
            ObjectDefinition(name: "MDFRequest", keyPrefix: "mdf", custom: false, fields: [
                partnerRef(), text("activity", required: true),
                FieldDefinition(name: "amount", type: .currency, precision: 16, scale: 2, required: true, custom: false),
                FieldDefinition(name: "status", type: .picklist, picklistValues: picklist(MDFStatus.allCases.map(\.rawValue), default: "submitted"), restrictedPicklist: true, custom: false),
                computed("claimedAmount", .currency), crmID("crmMdfId"),
            ]),
            ObjectDefinition(name: "Incentive", keyPrefix: "inc", custom: false, fields: [
                partnerRef(), FieldDefinition(name: "registrationId", type: .reference, required: true, referenceTo: ["DealRegistration"], custom: false),
                FieldDefinition(name: "kind", type: .picklist, required: true, picklistValues: picklist(["commission", "rebate"]), restrictedPicklist: true, custom: false),
                FieldDefinition(name: "entry", type: .picklist, required: true, picklistValues: picklist(["booking", "adjustment"]), restrictedPicklist: true, custom: false),
                FieldDefinition(name: "amount", type: .currency, precision: 18, scale: 2, required: true, custom: false),
                FieldDefinition(name: "basis", type: .currency, precision: 18, scale: 2, required: true, custom: false),
                FieldDefinition(name: "percent", type: .percent, precision: 5, scale: 2, required: true, custom: false),
            ]),
            ObjectDefinition(name: "DirectOpportunity", keyPrefix: "dop", custom: false, fields: [
                text("customerName", required: true), text("customerDomain"),
                FieldDefinition(name: "status", type: .picklist, picklistValues: picklist(["open", "won", "lost"], default: "open"), restrictedPicklist: true, custom: false),
                FieldDefinition(name: "amount", type: .currency, precision: 18, scale: 2, custom: false),
                crmID("crmOpportunityId"),
            ]),
        ])
    }
}
