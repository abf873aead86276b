import FakeCRM
import FakeKit
import Foundation
import HTTP

/// Everything a scenario run produced, as the scorer reads it (and as
/// `evidence.json` in the run folder): step outcomes, both journals, the
/// alerts, sentinels, request counts and the connector's process history.
public struct ScenarioEvidence: Sendable, Codable {
    public static let format = "sync-verifier/evidence@1"

    public enum Verdict: String, Sendable, Codable, Hashable {
        case passed, failed
        /// The scenario could not be played (bad world, refused act).
        case error
    }

    public var format = Self.format
    public var scenario: String
    public var file: String
    public var description: String
    public var checklist: [String]
    public var seed: UInt64
    public var startedAt: Date
    public var durationSeconds: Double
    public var verdict: Verdict
    public var reason: String?
    public var steps: [StepEvidence]
    /// The journal actor of the connector's writes on each side.
    public var connectorActors: [String: String]
    public var journals: [String: [JournalEntry]]
    public var requests: [String: RequestSummary]
    public var alerts: [Alert]
    public var sentinels: [Sentinel]
    public var rollbacks: [RollbackEvidence]
    public var connector: ConnectorRunEvidence
    /// When the connector was first started, on the journal clock (lag and time-to-live start here).
    public var connectorStartedAt: Date?
    public var settings: [String: JSONValue]
    /// Per side and object, the fields that identify a record (external ids,
    /// unique fields) at the end of the run: where a connector keeps the other
    /// side's id, and so where a duplicate shows.
    public var identityFields: [String: [String: [String]]] = [:]
    /// Where the CRM keeps a deal's stage and amount, so the scorer can judge
    /// won amounts without knowing the dialect.
    public var crmDeal: DealShape?
    /// The CRM dialect the scenario ran on (`salesforce`).
    public var crmDialect: String?
    /// Every system of the world with the dialect facts the scorer needs
    /// (absent from files written before there could be more than two).
    public var systems: [SystemEvidence]?
    /// Destinations outside the world the connector tried to reach through
    /// the proxy (host, port, time): refused there, and a `security.credentials` failure.
    public var outsideDestinations: [ProxyRefusal]?

    /// The systems, or what an older file's two systems were.
    public var worldSystems: [SystemEvidence] { systems ?? SystemEvidence.defaults(self) }
    /// The vendor CRM's and the PRM's journals (an older file's `crm` and `prm`).
    public var vendorJournal: [JournalEntry] { journals[worldSystems.first { $0.role == .vendor }?.name ?? "crm"] ?? [] }
    public var prmJournal: [JournalEntry] { journals[worldSystems.first { $0.role == .prm }?.name ?? "prm"] ?? [] }
    /// Where the vendor CRM keeps deals.
    public var vendorDeal: DealShape? { worldSystems.first { $0.role == .vendor }?.deal ?? crmDeal }
}
