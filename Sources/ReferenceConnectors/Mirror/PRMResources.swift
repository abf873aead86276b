/// The PRM's collection paths by object name (its OpenAPI document's names).
enum PRMResources {
    static let paths = [
        "Partner": "partners", "PartnerContact": "partner-contacts", "DealRegistration": "deal-registrations", "Lead": "leads",
        "MDFRequest": "mdf-requests", "Incentive": "incentives", "DirectOpportunity": "direct-opportunities",
    ]

    /// A standard object's path, or `objects/<name>` for a custom object.
    static func path(_ object: String) -> String { paths[object] ?? "objects/\(object)" }
}
