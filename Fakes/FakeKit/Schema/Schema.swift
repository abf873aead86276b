import Foundation

/// All objects of one fake system, keyed case-insensitively by API name.
/// A value type: the live schema of a running fake is held by `SchemaStore`,
/// which versions it so drift can be seen (describe's `If-Modified-Since`).
public struct Schema: Sendable, Hashable, Codable {
    public private(set) var objects: [ObjectDefinition]

    public init(objects: [ObjectDefinition] = []) { self.objects = objects }

    public func object(_ name: String) -> ObjectDefinition? {
        objects.first { $0.name.caseInsensitiveEquals(name) }
    }

    /// The object whose records' ids start with `prefix`.
    public func object(keyPrefix prefix: String) -> ObjectDefinition? {
        objects.first { $0.keyPrefix == prefix }
    }

    /// Adds or replaces an object (matched by name).
    public mutating func put(_ object: ObjectDefinition) {
        if let index = objects.firstIndex(where: { $0.name.caseInsensitiveEquals(object.name) }) {
            objects[index] = object
        } else {
            objects.append(object)
        }
    }

    public mutating func remove(object name: String) {
        objects.removeAll { $0.name.caseInsensitiveEquals(name) }
    }

    /// Changes one object in place; false if there is no such object.
    @discardableResult
    public mutating func modify(_ name: String, _ change: (inout ObjectDefinition) throws -> Void) rethrows -> Bool {
        guard let index = objects.firstIndex(where: { $0.name.caseInsensitiveEquals(name) }) else { return false }
        try change(&objects[index])
        return true
    }
}
