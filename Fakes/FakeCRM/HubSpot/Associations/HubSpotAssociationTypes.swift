import FakeKit

/// One association type between two object types, as v4 describes it: a
/// category (`HUBSPOT_DEFINED` or `USER_DEFINED`), a type id and a label
/// (nil for the unlabelled default), with the id of its reverse direction.
public struct HubSpotAssociationType: Sendable, Hashable {
    public var from: String
    public var to: String
    public var typeID: Int
    public var label: String?
    public var category: String
    public var inverseTypeID: Int
    /// The v4 label's internal name (user-defined labels only).
    public var name: String?

    public var isDefault: Bool { label == nil && category == "HUBSPOT_DEFINED" }

    /// HubSpot's own types between standard objects, both directions. The
    /// unlabelled default comes first for each pair; `1`, `2`, `5`, `6` are
    /// the Primary company labels.
    static let standard: [HubSpotAssociationType] = {
        func pair(_ a: String, _ b: String, _ forward: Int, _ back: Int, label: String? = nil) -> [HubSpotAssociationType] {
            [
                HubSpotAssociationType(from: a, to: b, typeID: forward, label: label, category: "HUBSPOT_DEFINED", inverseTypeID: back),
                HubSpotAssociationType(from: b, to: a, typeID: back, label: label, category: "HUBSPOT_DEFINED", inverseTypeID: forward),
            ]
        }
        return pair("contacts", "companies", 279, 280) + pair("contacts", "companies", 1, 2, label: "Primary")
            + pair("deals", "contacts", 3, 4) + pair("deals", "companies", 341, 342) + pair("deals", "companies", 5, 6, label: "Primary")
            + pair("line_items", "deals", 20, 19) + pair("companies", "companies", 13, 14, label: "Parent Company")
            + pair("leads", "contacts", 578, 579, label: "Primary") + pair("leads", "contacts", 608, 607)
            + pair("leads", "companies", 610, 609)
    }()

    /// The v3 name of the type (`contact_to_company`, `contact_to_company_unlabeled`).
    func v3Name(singular: (String) -> String) -> String {
        let base = "\(singular(from))_to_\(singular(to))"
        if let name { return name }
        let hasPrimary = Self.standard.contains { $0.from == from && $0.to == to && $0.label == "Primary" }
        if label == "Primary" { return base }
        return label == nil && hasPrimary ? base + "_unlabeled" : base
    }
}
