import FakeKit
import Foundation

/// `sync-verifier check`: the connector started once in a small world (the
/// bundled `partner-channel` org and the default program, no scenario), to
/// say in seconds whether it starts, answers `/health` if it declares a
/// control API, and talks to both systems (the fakes' request logs).
public struct ConnectorCheck {
    public struct Finding: Sendable, Equatable {
        public var name: String
        public var passed: Bool
        public var detail: String
    }

    public struct Outcome: Sendable, Equatable {
        public var findings: [Finding]
        /// The last lines of the connector's standard error, when a check failed.
        public var stderrTail: String?
        public var passed: Bool { findings.allSatisfy(\.passed) }
    }

    public let manifest: ConnectorManifest
    /// How long to watch the request logs for the connector's first requests.
    public let watchSeconds: Double

    public init(manifest: ConnectorManifest, watchSeconds: Double = 10) {
        self.manifest = manifest
        self.watchSeconds = watchSeconds
    }

    /// Runs the check with its files (TLS, config, connector output) in `folder`.
    public func run(in folder: URL) -> Outcome {
        let world: World
        do {
            world = try World(plan: WorldPlan.standard(seed: 1), folder: folder)
        } catch {
            return Outcome(findings: [
                Finding(name: "world", passed: false, detail: "could not build the fakes: \(error)")
            ])
        }
        defer { world.stop() }
        let configPath = folder.appendingPathComponent("config.json")
        let stateDirectory = folder.appendingPathComponent("state")
        try? FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        try? ConnectorSettings().json.serialized().write(to: configPath)
        let controlPort = manifest.capabilities.control ? try? ControlClient.freePort() : nil
        let supervisor = ConnectorSupervisor(
            manifest: manifest,
            contract: world.environment(
                configPath: configPath.path, stateDirectory: stateDirectory.path, controlPort: controlPort,
                systemsFile: (try? world.writeSystemsFile(to: folder.appendingPathComponent("systems.json"))) ?? ""),
            controlPort: controlPort, folder: folder)
        var findings: [Finding] = []
        do {
            try supervisor.start()
            let seconds = supervisor.evidence.startupSeconds.last ?? 0
            findings.append(
                Finding(name: "starts", passed: true, detail: "up after \(ReportFormatting.seconds(seconds))"))
        } catch {
            findings.append(Finding(name: "starts", passed: false, detail: "\(error)"))
            supervisor.finish(grace: 1)
            return Outcome(findings: findings)
        }
        if manifest.capabilities.control {
            findings.append(
                Finding(
                    name: "/health", passed: true, detail: "answered 200 on port \(controlPort.map(String.init) ?? "?")"
                ))
        } else {
            findings.append(
                Finding(name: "/health", passed: true, detail: "not checked: the manifest declares no control API"))
        }
        let until = Date().addingTimeInterval(watchSeconds)
        while Date() < until, supervisor.isRunning, !RunInterruption.shared.isRequested {
            if world.systemIDs.allSatisfy({ Self.answered(world.requestLog($0).entries) > 0 }) { break }
            usleep(100_000)
        }
        for side in world.systemIDs {
            findings.append(
                Self.traffic(
                    world.role(of: side) == .prm ? "talks to the PRM" : "talks to the CRM", world.requestLog(side).entries,
                    watched: watchSeconds))
        }
        if let status = supervisor.exitStatus {
            findings.append(Finding(name: "keeps running", passed: false, detail: "it \(status)"))
        }
        supervisor.finish(grace: 3)
        let tail = supervisor.evidence.stderrTail.split(separator: "\n").suffix(10).joined(separator: "\n")
        let failed = findings.contains { !$0.passed }
        return Outcome(findings: findings, stderrTail: failed && !tail.isEmpty ? tail : nil)
    }

    /// Requests answered with a success.
    static func answered(_ entries: [RequestLogEntry]) -> Int {
        entries.filter { ($0.status ?? 0) < 400 && $0.status != nil }.count
    }

    static func traffic(_ name: String, _ entries: [RequestLogEntry], watched: Double) -> Finding {
        guard !entries.isEmpty else {
            return Finding(name: name, passed: false, detail: "no request in \(ReportFormatting.seconds(watched))")
        }
        let ok = answered(entries)
        let first = entries[0]
        var detail =
            "\(entries.count) requests, \(ok) answered with success (first: \(first.route) → \(first.status.map(String.init) ?? first.connection))"
        if ok == 0 {
            let statuses = Dictionary(grouping: entries, by: { $0.status.map(String.init) ?? $0.connection }).map {
                "\($0.key) ×\($0.value.count)"
            }.sorted()
            detail = "\(entries.count) requests, every one refused (\(statuses.joined(separator: ", ")))"
        }
        return Finding(name: name, passed: ok > 0, detail: detail)
    }
}
