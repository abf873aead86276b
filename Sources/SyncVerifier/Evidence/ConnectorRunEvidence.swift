import Foundation

/// The connector process across a scenario: starts, stops, crashes, output.
public struct ConnectorRunEvidence: Sendable, Codable, Hashable {
    public var name: String
    public var control: Bool
    /// The command it was started with, and the manifest's `version`: what a merged report states.
    public var command: [String]?
    public var version: String?
    public var starts: [Date] = []
    public var startupSeconds: [Double] = []
    public var stops: [ConnectorProcess.StopReport] = []
    /// Set when the process ended by itself during the scenario, or failed its startup check.
    public var failure: String?
    public var stdoutPath: String
    public var stderrPath: String
    /// The last lines of its standard error, for the report.
    public var stderrTail: String = ""
    /// The connector's `/history` at the end, when it serves one.
    public var historyCount: Int?
}
