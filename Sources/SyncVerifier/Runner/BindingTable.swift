import FakeKit

/// Names bound by the org, the program and earlier steps, and what they
/// stand for. A reference reads the record's current state, so
/// `${opp.StageName}` is the value now, not when the record was bound.
final class BindingTable {
    struct Bound {
        let side: SystemID
        let id: String
    }

    private var records: [String: Bound] = [:]
    private(set) var faults: [String: (side: SystemID, id: Int)] = [:]
    private let world: World

    init(world: World) {
        self.world = world
        // Same naming as ScenarioWorldShape.seedBindings: system-prefixed always, bare when only one system seeds the ref.
        let counts = Dictionary(grouping: world.members.flatMap { $0.system.seededIDs.keys }, by: { $0 }).mapValues(\.count)
        for member in world.members {
            for (ref, id) in member.system.seededIDs {
                records["\(member.id.rawValue)-\(ref)"] = Bound(side: member.id, id: id)
                if counts[ref] == 1 { records[ref] = Bound(side: member.id, id: id) }
            }
        }
    }

    func bind(_ name: String, side: SystemID, id: String) { records[name] = Bound(side: side, id: id) }
    func bindFault(_ name: String, side: SystemID, id: Int) { faults[name] = (side, id) }
    func record(_ name: String) -> Bound? { records[name] }

    func lookup(_ reference: Template.Reference, index: Int? = nil) -> JSONValue? {
        if reference.binding == "n", let index { return .int(index) }
        guard let bound = records[reference.binding] else { return nil }
        if reference.attribute == "id" { return .string(bound.id) }
        guard let record = world.store(bound.side).record(id: bound.id, includeDeleted: true) else { return nil }
        return record.fields[reference.attribute] ?? .null
    }

    func resolve(_ template: Template, index: Int? = nil) throws -> JSONValue {
        try template.resolve { lookup($0, index: index) }
    }
}
