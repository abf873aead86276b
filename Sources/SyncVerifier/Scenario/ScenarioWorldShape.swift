import FakeCRM
import FakeKit
import FakePRM
import Foundation

/// What a scenario's world will hold before anything happens: both schemas
/// and the seeded records' refs. The validator checks names against it; the
/// runner builds the world from the same org and program.
struct ScenarioWorldShape {
    let org: OrgDefinition
    let program: Program
    let crmSchema: Schema
    let prmSchema: Schema
    /// Seeded refs: the org's on the CRM side, the program's partners and contacts on the PRM side.
    let seeds: [String: (side: Side, object: String)]

    static func load(org: String, program: String, relativeTo folder: URL) throws -> ScenarioWorldShape {
        let orgDefinition = try loadOrg(org, relativeTo: folder)
        let programDefinition = try loadProgram(program, relativeTo: folder)
        var seeds: [String: (Side, String)] = [:]
        for (object, records) in orgDefinition.seed {
            for record in records { if let ref = record.ref { seeds[ref] = (.crm, object) } }
        }
        for partner in programDefinition.partners {
            seeds[partner.ref] = (.prm, "Partner")
            for contact in partner.contacts { seeds[contact.ref] = (.prm, "PartnerContact") }
        }
        return ScenarioWorldShape(
            org: orgDefinition, program: programDefinition, crmSchema: SalesforceSchema.augment(orgDefinition.schema),
            prmSchema: PRMResourceCatalog.schema(program: programDefinition), seeds: seeds)
    }

    /// A bundled org's name, or a file or describe folder relative to the scenario.
    static func loadOrg(_ name: String, relativeTo folder: URL) throws -> OrgDefinition {
        if OrgDefinition.bundledNames.contains(name) { return try OrgDefinition.bundled(name) }
        let path = name.hasPrefix("/") ? name : folder.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ShapeError("org '\(name)' is neither a bundled org (\(OrgDefinition.bundledNames.joined(separator: ", "))) nor a file or folder (relative paths start at the scenario's folder)")
        }
        return try OrgDefinition.load(path: path)
    }

    static func loadProgram(_ name: String, relativeTo folder: URL) throws -> Program {
        if name == "default" { return try Program.bundled(name) }
        let path = name.hasPrefix("/") ? name : folder.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ShapeError("program '\(name)' is neither the bundled 'default' nor a file (relative paths start at the scenario's folder)")
        }
        return try Program.load(file: URL(fileURLWithPath: path))
    }

    /// The store object a scenario names on a side: CRM objects by API name,
    /// PRM collections by path (`deal-registrations`) or object name.
    func object(_ name: String, on side: Side) -> ObjectDefinition? {
        switch side {
        case .crm: crmSchema.object(name)
        case .prm: prmSchema.object(PRMResourceCatalog.object(forPath: name) ?? name)
        }
    }

    struct ShapeError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
