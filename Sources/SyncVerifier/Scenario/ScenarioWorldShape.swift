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
    var crmSchema: Schema
    var prmSchema: Schema
    /// Seeded refs: the org's on the CRM side, the program's partners and contacts on the PRM side.
    let seeds: [String: (side: Side, object: String)]

    static func load(org: String, program: String, relativeTo folder: URL) throws -> ScenarioWorldShape {
        let orgDefinition = try loadOrg(org, relativeTo: folder)
        let programDefinition = try loadProgram(program, relativeTo: folder)
        var found: [(ref: String, side: Side, object: String)] = []
        for (object, records) in orgDefinition.seed {
            for record in records { if let ref = record.ref { found.append((ref, .crm, object)) } }
        }
        for partner in programDefinition.partners {
            found.append((partner.ref, .prm, "Partner"))
            for contact in partner.contacts { found.append((contact.ref, .prm, "PartnerContact")) }
        }
        let seeds = seedBindings(found)
        return ScenarioWorldShape(
            org: orgDefinition, program: programDefinition, crmSchema: SalesforceSchema.augment(orgDefinition.schema),
            prmSchema: PRMResourceCatalog.schema(program: programDefinition), seeds: seeds)
    }

    /// Seeded refs as scenarios name them: `crm-<ref>` and `prm-<ref>` always,
    /// and the bare `<ref>` when only one side has it (the partner-channel org
    /// and the default program both seed a `northwind`).
    static func seedBindings(_ found: [(ref: String, side: Side, object: String)]) -> [String: (side: Side, object: String)] {
        var seeds: [String: (side: Side, object: String)] = [:]
        let counts = Dictionary(grouping: found, by: \.ref).mapValues(\.count)
        for seed in found {
            seeds["\(seed.side.rawValue)-\(seed.ref)"] = (seed.side, seed.object)
            if counts[seed.ref] == 1 { seeds[seed.ref] = (seed.side, seed.object) }
        }
        return seeds
    }

    /// Refs seeded on both sides, which must be written `crm-<ref>` or `prm-<ref>`.
    static func ambiguousRefs(_ found: [String]) -> Set<String> {
        Set(Dictionary(grouping: found, by: { $0 }).filter { $0.value.count > 1 }.keys)
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

    /// Follows a drift step, so later steps may name what it added (and not what it removed).
    mutating func apply(_ drift: DriftFault, on side: Side) {
        var schema = side == .crm ? crmSchema : prmSchema
        let objectName = side == .prm ? (PRMResourceCatalog.object(forPath: drift.object) ?? drift.object) : drift.object
        switch drift {
        case .addField(_, let field, _), .addRequiredField(_, let field, _):
            _ = schema.modify(objectName) { $0.fields.append(field) }
        case .renameField(_, let field, let newName):
            _ = schema.modify(objectName) { object in
                if let index = object.fields.firstIndex(where: { $0.name == field }) { object.fields[index].name = newName }
            }
        case .deleteField(_, let field):
            _ = schema.modify(objectName) { $0.fields.removeAll { $0.name == field } }
        case .addObject(let definition):
            schema.put(definition)
        default: break
        }
        if side == .crm { crmSchema = schema } else { prmSchema = schema }
    }

    struct ShapeError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
