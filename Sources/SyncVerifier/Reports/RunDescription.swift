import Foundation

/// What a report must say about the run besides the verdicts, so a reader
/// can tell what was tested and how: the harness, the connector as its
/// manifest names it, the dialects, and when and from which file each
/// scenario ran. Stored in `report.json` (`run`); every report renders it.
public struct RunDescription: Sendable, Codable, Hashable {
    /// `Harness.version` of the sync-verifier that ran it.
    public var harnessVersion: String
    /// When the first scenario started.
    public var startedAt: Date?
    public var connector: Connector
    /// The CRM dialects the scenarios used, sorted.
    public var dialects: [String]
    public var scenarios: [ScenarioRun]

    public struct Connector: Sendable, Codable, Hashable {
        public var name: String
        public var command: [String]
        /// The manifest's `version`, when it gives one.
        public var version: String?
        public var control: Bool
    }

    public struct ScenarioRun: Sendable, Codable, Hashable {
        public var name: String
        public var file: String
        public var dialect: String
        public var startedAt: Date
        /// The scenario's folder in the run folder, relative to the reports (`<name>/`).
        public var folder: String
    }

    /// From the manifest, the scenarios that were loaded and the evidence of those that ran.
    public init(manifest: ConnectorManifest, scenarios: [Scenario], evidence: [ScenarioEvidence], harnessVersion: String = Harness.version) {
        let dialects = Dictionary(scenarios.map { ($0.name, $0.crm.dialect) }, uniquingKeysWith: { first, _ in first })
        self.harnessVersion = harnessVersion
        self.startedAt = evidence.map(\.startedAt).min()
        self.connector = Connector(name: manifest.name, command: manifest.command, version: manifest.version, control: manifest.capabilities.control)
        self.scenarios = evidence.map { run in
            ScenarioRun(name: run.scenario, file: run.file, dialect: dialects[run.scenario] ?? "salesforce", startedAt: run.startedAt, folder: run.scenario + "/")
        }
        self.dialects = Array(Set(self.scenarios.map(\.dialect))).sorted()
    }

    /// From the evidence alone (`merge`): what each scenario's evidence says of its connector and dialect.
    public init(evidence: [ScenarioEvidence], harnessVersion: String = Harness.version) {
        let first = evidence.first?.connector
        self.harnessVersion = harnessVersion
        startedAt = evidence.map(\.startedAt).min()
        connector = Connector(name: first?.name ?? "", command: first?.command ?? [], version: first?.version, control: first?.control ?? false)
        // Evidence written before it named its dialect comes from the one dialect there was then: Salesforce.
        scenarios = evidence.map { run in
            ScenarioRun(name: run.scenario, file: run.file, dialect: run.crmDialect ?? "salesforce", startedAt: run.startedAt, folder: run.scenario + "/")
        }
        dialects = Array(Set(scenarios.map(\.dialect))).sorted()
    }

    public func scenario(_ name: String) -> ScenarioRun? { scenarios.first { $0.name == name } }
}

/// The harness itself, as reports and `--version` name it.
public enum Harness {
    public static let version = "0.1.0"
}
