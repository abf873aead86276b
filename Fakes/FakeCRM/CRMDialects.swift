/// Every CRM dialect the harness simulates, by name. Scenario decoding, the
/// validator, the world, `serve` and the README's dialect list all read this
/// one table: a new dialect is its folder plus one entry here.
public enum CRMDialects {
    public static let all: [any CRMDialect] = [SalesforceDialect(), HubSpotDialect(), DynamicsDialect()]

    public static var names: [String] { all.map(\.name) }

    /// The dialect called `name`, or an error that lists the ones there are.
    public static func named(_ name: String) throws -> any CRMDialect {
        guard let dialect = all.first(where: { $0.name == name }) else {
            throw CRMDialectError("unknown CRM dialect '\(name)' (known: \(names.joined(separator: ", ")))")
        }
        return dialect
    }
}
