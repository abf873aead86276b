import FakeKit
import Foundation
import HTTP

/// A simulated CRM org in a world: a `SimulatedSystem` that also knows its
/// dialect's people and UI, and the contract variables it gives a connector.
public protocol CRMSystem: SimulatedSystem {
    var dialect: any CRMDialect { get }
    var org: OrgDefinition { get }
    /// The journal actor of the connector's writes (its integration user or app).
    var connectorActor: String { get }
    /// The `SV_CRM_*` variables for a connector of this org served at `baseURL`, in print order.
    func connectorVariables(baseURL: String) -> [(name: String, value: String)]
    /// The journal actor of a person acting in the CRM's UI: the user named
    /// (a `Username`), or the org's default sales user when nil.
    func person(named: String?) throws -> String
    /// Every person's journal actor (users who are not an integration user):
    /// the world writes them into the evidence, so the scorer can tell a
    /// person's write from a foreign program's without knowing the dialect.
    var people: Set<String> { get }
    /// The CRM's own lead conversion, as a user clicking Convert does it;
    /// `fields` go onto the new deal. Returns the lead's id.
    func convertLead(_ id: String, fields: [String: JSONValue], actor: String) throws -> String
    /// The production hostnames a connector written against the real service
    /// uses (Salesforce: the login hosts and the org's My Domain), which the
    /// world's intercepting proxy routes to this system.
    var productionHostnames: [String] { get }
    /// Servers this system brings besides its API, each on a port of its
    /// own (Dynamics' Entra ID stand-in), served beside it by the world.
    var companions: [CompanionServer] { get }
    /// Called once the system and its companions listen: the system's URL
    /// and each companion's, by name.
    func companionsStarted(systemURL: String, urls: [String: String])
}

/// A server a system needs beside its API (an identity provider on its own host).
public struct CompanionServer: Sendable {
    /// Its name in `companionsStarted` (`entra`).
    public let name: String
    public let handler: any HTTPHandler
    public init(name: String, handler: any HTTPHandler) {
        self.name = name
        self.handler = handler
    }
}

extension CRMSystem {
    /// A dialect without production hostnames yet is reached only on loopback.
    public var productionHostnames: [String] { [] }

    /// Most systems are one server.
    public var companions: [CompanionServer] { [] }
    public func companionsStarted(systemURL: String, urls: [String: String]) {}

    /// The connector variable `name` (nil when this dialect gives none).
    public func connectorVariable(_ name: String, baseURL: String) -> String? {
        connectorVariables(baseURL: baseURL).first { $0.name == name }?.value
    }
}
