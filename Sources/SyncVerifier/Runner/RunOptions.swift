import Foundation

/// How to run scenarios: against which connector, where to write, with which seed.
public struct RunOptions: Sendable {
    public var connector: ConnectorManifest
    /// Evidence goes to `<outFolder>/<scenario name>/`.
    public var outFolder: URL
    /// Seeds every random choice (fault schedules); the same seed gives the same schedule.
    public var seed: UInt64
    /// Time between SIGTERM and SIGKILL when a connector is stopped.
    public var stopGraceSeconds: Double
    /// How often expectations are re-checked.
    public var pollIntervalSeconds: Double

    public init(connector: ConnectorManifest, outFolder: URL, seed: UInt64 = 1, stopGraceSeconds: Double = 3, pollIntervalSeconds: Double = 0.05) {
        self.connector = connector
        self.outFolder = outFolder
        self.seed = seed
        self.stopGraceSeconds = stopGraceSeconds
        self.pollIntervalSeconds = pollIntervalSeconds
    }
}
