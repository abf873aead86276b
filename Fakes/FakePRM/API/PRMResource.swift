/// One collection of the PRM API: its path, the store object behind it,
/// which fields clients may not set, and how partner users are scoped.
struct PRMResource: Sendable {
    /// `partners`, `deal-registrations`, …
    let path: String
    let object: String
    /// What a person calls one record, for error messages.
    let noun: String
    /// Computed or status fields: set by the PRM or a status change only.
    let readOnly: Set<String>
    /// The field naming the partner a record belongs to (`id` for partners).
    let partnerField: String?

    static let partners = PRMResource(path: "partners", object: "Partner", noun: "partner", readOnly: ["qualificationRevenue", "certifications"], partnerField: "id")
    static let contacts = PRMResource(path: "partner-contacts", object: "PartnerContact", noun: "partner contact", readOnly: [], partnerField: "partnerId")
    static let registrations = PRMResource(
        path: "deal-registrations", object: "DealRegistration", noun: "deal registration",
        readOnly: ["status", "registeredAt", "expiresAt", "confirmedAmount", "conflict", "conflictReason", "conflictWith"], partnerField: "partnerId")
    static let leads = PRMResource(path: "leads", object: "Lead", noun: "lead", readOnly: [], partnerField: "partnerId")
    static let mdf = PRMResource(path: "mdf-requests", object: "MDFRequest", noun: "MDF request", readOnly: ["status", "claimedAmount"], partnerField: "partnerId")
    static let incentives = PRMResource(path: "incentives", object: "Incentive", noun: "incentive", readOnly: [], partnerField: "partnerId")
    static let directOpportunities = PRMResource(path: "direct-opportunities", object: "DirectOpportunity", noun: "direct opportunity", readOnly: [], partnerField: nil)

    static let all: [PRMResource] = [partners, contacts, registrations, leads, mdf, incentives, directOpportunities]
}
