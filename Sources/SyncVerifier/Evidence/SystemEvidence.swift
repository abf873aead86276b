import FakeCRM
import FakeKit
import Foundation

/// One system of a scenario's world as the scorer needs to know it, written
/// by the world so the scorer judges without knowing any dialect: its role,
/// the fields its dialect stamps on every write, its people, where it keeps
/// deals, and which PRM partner runs it.
public struct SystemEvidence: Sendable, Codable, Hashable {
    public var name: String
    public var role: SystemRole
    /// `salesforce`, `prm`, …
    public var dialect: String
    /// A partner CRM's PRM partner ref, and that partner's record id in the PRM.
    public var partner: String?
    public var partnerId: String?
    /// Fields the system stamps on every write (Salesforce's `SystemModstamp`, the PRM's `updatedAt`).
    public var systemFields: [String]
    /// Journal actors who are people (CRM users, PRM staff and partner users), not programs.
    public var people: [String]
    /// The system's own computed writes (the PRM's bookings, say) are journaled under this actor.
    public var ownActor: String
    /// Where a CRM keeps deals.
    public var deal: DealShape?

    /// Every system of `world`, in its order.
    static func describe(_ world: World) -> [SystemEvidence] {
        world.members.map { member in
            let stamped = world.stampedFields(member.id).sorted()
            if let crm = member.system as? any CRMSystem {
                return SystemEvidence(
                    name: member.id.rawValue, role: member.role, dialect: crm.dialect.name, partner: member.partner,
                    partnerId: member.partner.flatMap { world.prm.seededIDs[$0] },
                    systemFields: stamped, people: crm.people.sorted(),
                    ownActor: member.id.rawValue, deal: crm.dialect.deal)
            }
            let contacts = world.prm.store.records(of: "PartnerContact", includeDeleted: true).map { "partner-user:" + $0.id }
            return SystemEvidence(
                name: member.id.rawValue, role: .prm, dialect: "prm", partner: nil, partnerId: nil,
                systemFields: stamped, people: (["api-key:staff"] + contacts).sorted(), ownActor: member.id.rawValue, deal: nil)
        }
    }

    /// What an evidence file written before `systems` ran on: one Salesforce
    /// CRM (`crm`), whose people were its User ids (`005…`), and the PRM (`prm`).
    static func defaults(_ evidence: ScenarioEvidence) -> [SystemEvidence] {
        let users = Set((evidence.journals["crm"] ?? []).map(\.actor).filter { $0.count == 18 && $0.hasPrefix("005") })
        return [
            SystemEvidence(
                name: "crm", role: .vendor, dialect: evidence.crmDialect ?? "salesforce", partner: nil, partnerId: nil,
                systemFields: SalesforceSchema.systemFieldList, people: users.subtracting(evidence.connectorActors.values).sorted(), ownActor: "crm",
                deal: evidence.crmDeal ?? SalesforceDialect().deal),
            SystemEvidence(name: "prm", role: .prm, dialect: "prm", partner: nil, partnerId: nil, systemFields: ["createdAt", "updatedAt"], people: ["api-key:staff"], ownActor: "prm", deal: nil),
        ]
    }
}
