import FakeCRM
import FakeKit
import FakePRM
import Foundation

/// What a scenario's world will hold before anything happens: each system's
/// role and schema and the seeded records' refs. The validator checks names
/// against it; the runner builds the world from the same orgs and program.
struct ScenarioWorldShape {
    struct System {
        let id: SystemID
        let role: SystemRole
        var schema: Schema
        /// A CRM's org (nil for the PRM).
        let org: OrgDefinition?
        let partner: String?
    }

    var systems: [System]
    let program: Program
    let prmID: SystemID
    /// Seeded refs: each org's on its CRM, the program's partners and contacts on the PRM.
    let seeds: [String: (side: SystemID, object: String)]

    static func load(_ scenario: Scenario, relativeTo folder: URL) throws -> ScenarioWorldShape {
        var systems: [System] = []
        var program: Program?
        var found: [(ref: String, side: SystemID, object: String)] = []
        for declaration in scenario.systems {
            if let setup = declaration.crm {
                let dialect = try CRMDialects.named(setup.dialect)
                let org = try dialect.resolveOrg(setup.org, relativeTo: folder)
                systems.append(System(id: declaration.id, role: declaration.role, schema: dialect.schema(for: org), org: org, partner: declaration.partner))
                for (object, records) in org.seed {
                    for record in records { if let ref = record.ref { found.append((ref, declaration.id, object)) } }
                }
            } else if let setup = declaration.prm {
                let loaded = try loadProgram(setup.program, relativeTo: folder)
                program = loaded
                systems.append(System(id: declaration.id, role: .prm, schema: PRMResourceCatalog.schema(program: loaded), org: nil, partner: nil))
                for partner in loaded.partners {
                    found.append((partner.ref, declaration.id, "Partner"))
                    for contact in partner.contacts { found.append((contact.ref, declaration.id, "PartnerContact")) }
                }
            }
        }
        guard let program else { throw ShapeError("the scenario declares no PRM") }
        return ScenarioWorldShape(systems: systems, program: program, prmID: scenario.prmID, seeds: seedBindings(found))
    }

    /// Seeded refs as scenarios name them: `<system>-<ref>` always (`crm-northwind`,
    /// `prm-northwind`), and the bare `<ref>` when only one system seeds it
    /// (the partner-channel org and the default program both seed a `northwind`).
    static func seedBindings(_ found: [(ref: String, side: SystemID, object: String)]) -> [String: (side: SystemID, object: String)] {
        var seeds: [String: (side: SystemID, object: String)] = [:]
        let counts = Dictionary(grouping: found, by: \.ref).mapValues(\.count)
        for seed in found {
            seeds["\(seed.side.rawValue)-\(seed.ref)"] = (seed.side, seed.object)
            if counts[seed.ref] == 1 { seeds[seed.ref] = (seed.side, seed.object) }
        }
        return seeds
    }

    /// The systems that seed `ref` (more than one: the bare ref is ambiguous).
    func systemsSeeding(_ ref: String) -> [SystemID] {
        systems.map(\.id).filter { seeds["\($0.rawValue)-\(ref)"] != nil }
    }

    static func loadProgram(_ name: String, relativeTo folder: URL) throws -> Program {
        if name == "default" { return try Program.bundled(name) }
        let path = name.hasPrefix("/") ? name : folder.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ShapeError("program '\(name)' is neither the bundled 'default' nor a file (relative paths start at the scenario's folder)")
        }
        return try Program.load(file: URL(fileURLWithPath: path))
    }

    func system(_ id: SystemID) -> System? { systems.first { $0.id == id } }
    func role(of id: SystemID) -> SystemRole? { system(id)?.role }
    func schema(_ id: SystemID) -> Schema? { system(id)?.schema }

    /// The store object a scenario names on a system: CRM objects by API name,
    /// PRM collections by path (`deal-registrations`) or object name.
    func object(_ name: String, on side: SystemID) -> ObjectDefinition? {
        guard let system = system(side) else { return nil }
        return system.role == .prm ? system.schema.object(PRMResourceCatalog.object(forPath: name) ?? name) : system.schema.object(name)
    }

    /// Follows a drift step, so later steps may name what it added (and not what it removed).
    mutating func apply(_ drift: DriftFault, on side: SystemID) {
        guard let index = systems.firstIndex(where: { $0.id == side }) else { return }
        var schema = systems[index].schema
        let objectName = systems[index].role == .prm ? (PRMResourceCatalog.object(forPath: drift.object) ?? drift.object) : drift.object
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
        systems[index].schema = schema
    }

    struct ShapeError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
