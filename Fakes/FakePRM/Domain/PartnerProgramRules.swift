import FakeKit
import Foundation

/// What the PRM decides itself: conflicts on new registrations, incentives
/// when a deal is won, and tier promotion as revenue and certifications grow.
/// Every decision is a journaled store write by the actor `prm`.
struct PartnerProgramRules: Sendable {
    let program: Program
    let store: RecordStore
    /// Registrations and direct opportunities by customer, for the conflict check.
    let conflicts: ConflictIndex
    static let actor = "prm"

    /// Stamps a new registration and flags it when another partner already
    /// registered the customer, or a direct opportunity for it is open.
    func register(_ fields: [String: JSONValue], actor: String, now: Date) throws(StoreError) -> Record {
        var fields = fields
        fields["status"] = "submitted"
        fields["registeredAt"] = .string(DateFormats.formatISO(now))
        fields["expiresAt"] = .string(DateFormats.formatISO(now.addingTimeInterval(Double(program.registrationValidityDays) * 86400)))
        let conflict = detectConflict(partnerID: fields["partnerId"]?.stringValue ?? "", name: fields["customerName"]?.stringValue ?? "",
            domain: fields["customerDomain"]?.stringValue)
        fields["conflict"] = .bool(conflict != nil)
        if let conflict {
            fields["conflictReason"] = .string(conflict.reason)
            fields["conflictWith"] = .string(conflict.with)
        }
        return try store.create("DealRegistration", fields, actor: actor, channel: "api")
    }

    func detectConflict(partnerID: String, name: String, domain: String?) -> (reason: String, with: String)? {
        let wantedName = CompanyName.normalised(name)
        let wantedDomain = domain.map(CompanyName.domain).flatMap { $0.isEmpty ? nil : $0 }
        func same(_ otherName: String?, _ otherDomain: String?) -> Bool {
            if let wantedDomain, let otherDomain, CompanyName.domain(otherDomain) == wantedDomain { return true }
            return !wantedName.isEmpty && CompanyName.normalised(otherName ?? "") == wantedName
        }
        // The index gives the records naming this customer; they are checked in the order they were made.
        let candidates = conflicts.candidates(name: name, domain: domain, store: store).compactMap { store.record(id: $0) }
            .sorted { ($0.id.count, $0.id) < ($1.id.count, $1.id) }
        for other in candidates where other.object == "DealRegistration" && other["partnerId"].stringValue != partnerID {
            guard let status = other["status"].stringValue.flatMap(DealRegistrationStatus.init), status.isOpen,
                same(other["customerName"].stringValue, other["customerDomain"].stringValue)
            else { continue }
            let partner = store.record(id: other["partnerId"].stringValue ?? "")?["name"].stringValue ?? "another partner"
            return ("Customer already registered by \(partner) (registration \(other.id)).", other.id)
        }
        for direct in candidates where direct.object == "DirectOpportunity" && direct["status"] == "open" {
            guard same(direct["customerName"].stringValue, direct["customerDomain"].stringValue) else { continue }
            let crm = direct["crmOpportunityId"].stringValue.map { " \($0)" } ?? ""
            return ("Customer has an open direct opportunity\(crm).", direct.id)
        }
        return nil
    }

    /// Books commission and rebate for a won registration, exactly once per
    /// deal and amount: the same amount again books nothing; a changed
    /// amount books the difference as adjustments.
    func bookIncentives(for registration: Record, confirmedAmount: Double) throws(StoreError) -> [Record] {
        let partnerID = registration["partnerId"].stringValue ?? ""
        guard let partner = store.record(id: partnerID), let tier = program.tier(named: partner["tier"].stringValue ?? "") else { return [] }
        let previous = store.records(of: "Incentive", where: "registrationId", equals: .string(registration.id))
        let previousBasis = previous.filter { $0["kind"] == "commission" }.reduce(0.0) { $0 + ($1["basis"].doubleValue ?? 0) }
        let basisDelta = confirmedAmount - previousBasis
        guard abs(basisDelta) >= 0.005 else { return [] }
        var booked: [Record] = []
        for (kind, percent) in [("commission", tier.commissionPercent), ("rebate", tier.rebatePercent)] where percent > 0 {
            let amount = (basisDelta * percent / 100 * 100).rounded() / 100
            booked.append(
                try store.create(
                    "Incentive",
                    ["partnerId": .string(partnerID), "registrationId": .string(registration.id), "kind": .string(kind),
                     "entry": .string(previous.isEmpty ? "booking" : "adjustment"), "amount": .double(amount), "basis": .double(basisDelta),
                     "percent": .double(percent)],
                    actor: Self.actor, channel: "incentives"))
        }
        let revenue = (partner["qualificationRevenue"].doubleValue ?? 0) + basisDelta
        _ = try store.update(id: partnerID, ["qualificationRevenue": .double(revenue)], actor: Self.actor, channel: "incentives")
        try promote(partnerID)
        return booked
    }

    /// Keeps the partner's `certifications` the union of its contacts', then
    /// re-checks its tier. Called whenever a contact is written.
    func contactsChanged(partnerID: String) throws(StoreError) {
        guard let partner = store.record(id: partnerID) else { return }
        let held = Set(
            store.records(of: "PartnerContact", where: "partnerId", equals: .string(partnerID))
                .flatMap { ($0["certifications"].stringValue ?? "").split(separator: ";").map(String.init) }
        ).sorted().joined(separator: ";")
        if partner["certifications"].stringValue ?? "" != held {
            _ = try store.update(id: partnerID, ["certifications": held.isEmpty ? .null : .string(held)], actor: Self.actor, channel: "certifications")
        }
        try promote(partnerID)
    }

    /// Moves a partner up to the best tier its revenue and certifications reach.
    func promote(_ partnerID: String) throws(StoreError) {
        guard let partner = store.record(id: partnerID), let current = program.tier(named: partner["tier"].stringValue ?? "") else { return }
        let revenue = partner["qualificationRevenue"].doubleValue ?? 0
        let certifications = Set(
            store.records(of: "PartnerContact", where: "partnerId", equals: .string(partnerID))
                .flatMap { ($0["certifications"].stringValue ?? "").split(separator: ";").map(String.init) })
        let reachable = program.tiers.filter { $0.rank > current.rank && revenue >= $0.revenueThreshold && Set($0.requiredCertifications).isSubset(of: certifications) }
        guard let best = reachable.max(by: { $0.rank < $1.rank }) else { return }
        _ = try store.update(id: partnerID, ["tier": .string(best.name)], actor: Self.actor, channel: "tiers")
    }
}
