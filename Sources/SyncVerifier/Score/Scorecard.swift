import Foundation

/// What a run concludes: every checklist item with its verdict and evidence,
/// the metrics, the scenarios, and the gate. Written as `report.json`
/// (`Scenarios/../Sources/SyncVerifier/Score/report.schema.json` documents it) and
/// read back by `compare`.
public struct Scorecard: Sendable, Codable, Hashable {
    public static let format = "sync-verifier/report@1"

    public var format = Self.format
    public var connector: String
    public var generatedAt: Date
    /// The harness, the connector's manifest, dialects and scenario start times (`RunDescription`); absent in older reports.
    public var run: RunDescription? = nil
    public var seed: UInt64
    public var durationSeconds: Double
    /// 0–100: the weighted share of the checklist passed, over the items that were run (`Weights`).
    public var score: Double
    public var items: [ItemVerdict]
    public var metrics: Metrics
    public var scenarios: [ScenarioResult]
    public var gate: GateResult?
    /// Set when the run was stopped early (`SIGINT`, `SIGTERM`, `standard output closed`):
    /// the report covers only the scenarios that finished before.
    public var interrupted: String? = nil

    public func item(_ id: String) -> ItemVerdict? { items.first { $0.id == id } }
}
