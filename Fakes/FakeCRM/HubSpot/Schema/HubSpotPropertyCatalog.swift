import FakeKit
import Foundation
import Synchronization

/// What HubSpot knows about a property beyond the store's field: its group,
/// its `fieldType` when several share one store type (select or radio), its
/// description and when it was made; and each object's property groups.
/// Properties of the org file get their object's default group
/// (`contactinformation`, `companyinformation`, …).
public final class HubSpotPropertyCatalog: Sendable {
    public struct Metadata: Sendable, Equatable {
        public var groupName: String?
        public var fieldType: String?
        public var description: String = ""
        public var displayOrder: Int = -1
        public var hidden: Bool = false
        public var formField: Bool = false
        public var calculationFormula: String?
        public var createdAt: Date?
        public var updatedAt: Date?
    }

    public struct Group: Sendable, Equatable {
        public var name: String
        public var label: String
        public var displayOrder: Int
        public var archived: Bool = false
    }

    private struct State {
        var metadata: [String: Metadata] = [:]
        var groups: [String: [Group]] = [:]
    }

    private let state = Mutex(State())
    let bornAt: Date

    init(bornAt: Date) { self.bornAt = bornAt }

    private static func key(_ object: String, _ property: String) -> String { (object + "." + property).lowercased() }

    public static func defaultGroup(of object: ObjectDefinition) -> String {
        switch object.name {
        case "contacts": "contactinformation"
        case "companies": "companyinformation"
        case "deals": "dealinformation"
        case "line_items": "lineiteminformation"
        case "products": "productinformation"
        case "leads": "leadinformation"
        default: "\(HubSpotObjectTypes.singular(object))_information"
        }
    }

    public func metadata(_ object: String, _ property: String) -> Metadata {
        state.withLock { $0.metadata[Self.key(object, property)] } ?? Metadata()
    }

    func setMetadata(_ object: String, _ property: String, _ metadata: Metadata) {
        state.withLock { $0.metadata[Self.key(object, property)] = metadata }
    }

    func removeMetadata(_ object: String, _ property: String) {
        _ = state.withLock { $0.metadata.removeValue(forKey: Self.key(object, property)) }
    }

    /// The object's groups: its default group first, then those made through the API.
    public func groups(of object: ObjectDefinition) -> [Group] {
        let made = state.withLock { $0.groups[object.name.lowercased()] } ?? []
        let standard = Group(name: Self.defaultGroup(of: object), label: "\(object.label) information", displayOrder: -1)
        return made.contains { $0.name == standard.name } ? made : [standard] + made
    }

    func putGroup(_ group: Group, object: String) {
        state.withLock { state in
            var list = state.groups[object.lowercased()] ?? []
            list.removeAll { $0.name == group.name }
            list.append(group)
            state.groups[object.lowercased()] = list
        }
    }

    func removeGroup(_ name: String, object: String) -> Bool {
        state.withLock { state in
            let before = state.groups[object.lowercased()]?.count ?? 0
            state.groups[object.lowercased()]?.removeAll { $0.name == name }
            return (state.groups[object.lowercased()]?.count ?? 0) < before
        }
    }
}
