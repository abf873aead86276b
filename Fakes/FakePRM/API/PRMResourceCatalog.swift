import FakeKit

/// The PRM's collections as outsiders name them (`deal-registrations`) and
/// the store objects behind them (`DealRegistration`), for the scenario
/// runner, which writes the former and reads the latter.
public enum PRMResourceCatalog {
    public static var paths: [String] { PRMResource.all.map(\.path) }

    /// The store object behind a collection path, or nil.
    public static func object(forPath path: String) -> String? {
        PRMResource.all.first { $0.path == path }?.object
    }

    /// The collection path of a store object, or nil for custom objects.
    public static func path(forObject object: String) -> String? {
        PRMResource.all.first { $0.object == object }?.path
    }

    /// The schema a program starts with (custom fields come later, through the schema API).
    public static func schema(program: Program) -> Schema { PRMSchema.make(program: program) }
}
