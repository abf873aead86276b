import FakeKit
import Foundation
import Synchronization

/// The portal's associations: typed, directed links between two records,
/// always kept in both directions (a contact→company link of type 279 is also
/// a company→contact link of type 280). Every change is journaled on the
/// CRM's journal as object `associations`, so the evidence sees a connector
/// link records as it sees it write them.
public final class HubSpotAssociations: Sendable {
    public struct Link: Sendable, Hashable {
        public let fromID: String
        public let toID: String
        public let typeID: Int
    }

    private struct State {
        var types: [HubSpotAssociationType] = HubSpotAssociationType.standard
        /// From id → links from it.
        var links: [String: [Link]] = [:]
        var nextUserTypeID = 100
    }

    public static let journalObject = "associations"
    private let state = Mutex(State())
    private let journal: Journal

    init(journal: Journal) { self.journal = journal }

    // MARK: types

    public func types(from: String, to: String) -> [HubSpotAssociationType] {
        state.withLock { $0.types.filter { $0.from == from && $0.to == to } }
    }

    public func type(_ id: Int, from: String, to: String) -> HubSpotAssociationType? {
        state.withLock { $0.types.first { $0.typeID == id && $0.from == from && $0.to == to } }
    }

    /// The unlabelled default type of a pair, made when the pair has none yet (custom objects).
    public func defaultType(from: String, to: String) -> HubSpotAssociationType {
        state.withLock { state in
            if let found = state.types.first(where: { $0.from == from && $0.to == to && $0.isDefault }) { return found }
            let forward = state.nextUserTypeID
            let back = forward + 1
            state.nextUserTypeID += 2
            let made = HubSpotAssociationType(from: from, to: to, typeID: forward, label: nil, category: "HUBSPOT_DEFINED", inverseTypeID: back)
            state.types.append(made)
            state.types.append(HubSpotAssociationType(from: to, to: from, typeID: back, label: nil, category: "HUBSPOT_DEFINED", inverseTypeID: forward))
            return made
        }
    }

    /// A user-defined label between two object types (both directions share it).
    func addLabel(from: String, to: String, label: String, name: String, inverseLabel: String?) -> HubSpotAssociationType {
        state.withLock { state in
            let forward = state.nextUserTypeID
            let back = forward + 1
            state.nextUserTypeID += 2
            let made = HubSpotAssociationType(from: from, to: to, typeID: forward, label: label, category: "USER_DEFINED", inverseTypeID: back, name: name)
            state.types.append(made)
            state.types.append(
                HubSpotAssociationType(from: to, to: from, typeID: back, label: inverseLabel ?? label, category: "USER_DEFINED", inverseTypeID: forward, name: name))
            return made
        }
    }

    func removeLabel(from: String, to: String, typeID: Int) -> Bool {
        state.withLock { state in
            guard let type = state.types.first(where: { $0.typeID == typeID && $0.from == from && $0.to == to && $0.category == "USER_DEFINED" }) else {
                return false
            }
            state.types.removeAll { $0.typeID == type.typeID || $0.typeID == type.inverseTypeID }
            for key in state.links.keys { state.links[key]?.removeAll { $0.typeID == type.typeID || $0.typeID == type.inverseTypeID } }
            return true
        }
    }

    // MARK: links

    /// Links `fromID` to `toID` with `type` (and the reverse); journals new links. Returns whether any was new.
    @discardableResult
    func link(_ fromID: String, _ toID: String, type: HubSpotAssociationType, actor: String, channel: String) -> Bool {
        let added = state.withLock { state -> Bool in
            let forward = Link(fromID: fromID, toID: toID, typeID: type.typeID)
            guard !(state.links[fromID] ?? []).contains(forward) else { return false }
            state.links[fromID, default: []].append(forward)
            state.links[toID, default: []].append(Link(fromID: toID, toID: fromID, typeID: type.inverseTypeID))
            return true
        }
        if added {
            journal.append(
                actor: actor, operation: .create, object: Self.journalObject, recordID: "\(fromID)-\(toID)", before: nil,
                after: Self.summary(fromID, toID, type), channel: channel)
        }
        return added
    }

    /// Removes every link between two records (both directions), or only those of `typeIDs`.
    @discardableResult
    func unlink(_ fromID: String, _ toID: String, typeIDs: Set<Int>? = nil, from: String, to: String, actor: String, channel: String) -> Int {
        let removed = state.withLock { state -> [Link] in
            let gone = (state.links[fromID] ?? []).filter { $0.toID == toID && (typeIDs?.contains($0.typeID) ?? true) }
            guard !gone.isEmpty else { return [] }
            let inverse = Set(gone.compactMap { link in state.types.first { $0.typeID == link.typeID && $0.from == from }?.inverseTypeID })
            state.links[fromID]?.removeAll { gone.contains($0) }
            state.links[toID]?.removeAll { $0.toID == fromID && inverse.contains($0.typeID) }
            return gone
        }
        for link in removed {
            let type = self.type(link.typeID, from: from, to: to)
            journal.append(
                actor: actor, operation: .delete, object: Self.journalObject, recordID: "\(fromID)-\(toID)",
                before: type.map { Self.summary(fromID, toID, $0) } ?? ["typeId": .int(link.typeID)], after: nil, channel: channel)
        }
        return removed.count
    }

    /// The links from a record to records of `toObject` (`isLive` says which records still count), grouped by target in link order.
    /// `isLive` runs outside this lock: it may read the store, whose lock is
    /// sometimes held around a call here (a list with `associations=`).
    func links(from fromID: String, fromObject: String, toObject: String, isLive: (String) -> Bool) -> [(toID: String, types: [HubSpotAssociationType])] {
        let typed = state.withLock { state -> [(String, HubSpotAssociationType)] in
            (state.links[fromID] ?? []).compactMap { link in
                state.types.first { $0.typeID == link.typeID && $0.from == fromObject && $0.to == toObject }.map { (link.toID, $0) }
            }
        }
        var order: [String] = []
        var grouped: [String: [HubSpotAssociationType]] = [:]
        for (toID, type) in typed where isLive(toID) {
            if grouped[toID] == nil { order.append(toID) }
            grouped[toID, default: []].append(type)
        }
        return order.map { (toID: $0, types: grouped[$0] ?? []) }
    }

    static func summary(_ fromID: String, _ toID: String, _ type: HubSpotAssociationType) -> [String: JSONValue] {
        [
            "fromObjectType": .string(type.from), "fromObjectId": .string(fromID), "toObjectType": .string(type.to), "toObjectId": .string(toID),
            "associationTypeId": .int(type.typeID), "associationCategory": .string(type.category),
        ]
    }
}
