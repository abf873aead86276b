import Foundation

/// Starts, checks and stops the connector for one scenario, keeping its
/// process history as evidence. A restart reuses the same environment and state folder.
final class ConnectorSupervisor {
    let manifest: ConnectorManifest
    let environment: [String: String]
    /// Where the manifest's `files` are written (each start writes them afresh).
    let filesFolder: URL
    let controlPort: UInt16?
    private(set) var evidence: ConnectorRunEvidence
    private var process: ConnectorProcess?

    init(manifest: ConnectorManifest, contract: [String: String], controlPort: UInt16?, folder: URL) {
        self.manifest = manifest
        self.controlPort = controlPort
        // The runner's own basics, then the manifest's, then the contract (which wins), then envMap copies.
        var environment: [String: String] = [:]
        let inherited = ProcessInfo.processInfo.environment
        for key in ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER", "PYTHONPATH", "VIRTUAL_ENV"] { environment[key] = inherited[key] }
        environment["PATH"] = BundledConnectors.executableFolder + ":" + (inherited["PATH"] ?? "/usr/bin:/bin")
        for (key, value) in manifest.env { environment[key] = value }
        for (key, value) in contract { environment[key] = value }
        for (source, target) in manifest.envMap { environment[target] = contract[source] }
        self.environment = environment
        filesFolder = folder.appendingPathComponent("connector-files")
        evidence = ConnectorRunEvidence(
            name: manifest.name, control: manifest.capabilities.control,
            stdoutPath: folder.appendingPathComponent("connector.stdout").path, stderrPath: folder.appendingPathComponent("connector.stderr").path)
    }

    var isRunning: Bool { process?.isRunning ?? false }

    /// The exit description if the connector ended by itself.
    var exitStatus: String? { process?.exitStatus }

    /// Starts the process and waits for it to be ready: `/health` answering
    /// 200 when it declares a control API, otherwise staying up for a moment.
    func start() throws {
        let started = Date()
        let process: ConnectorProcess
        do {
            let command = try ManifestFiles.prepare(manifest, environment: environment, folder: filesFolder)
            process = try ConnectorProcess(
                command: command, workingDirectory: manifest.workingDirectory, environment: environment,
                stdoutPath: evidence.stdoutPath, stderrPath: evidence.stderrPath)
        } catch {
            evidence.failure = "could not start: \(error)"
            throw RunFailure(evidence.failure!)
        }
        self.process = process
        evidence.starts.append(started)
        let deadline = started.addingTimeInterval(manifest.startupTimeoutSeconds)
        if manifest.capabilities.control, let controlPort {
            let control = ControlClient(port: controlPort)
            while true {
                if let status = process.exitStatus { return try failStartup("exited during startup (\(status))") }
                if control.get("/health")?.status == 200 { break }
                if Date() >= deadline { return try failStartup("/health did not answer 200 within \(manifest.startupTimeoutSeconds) s") }
                usleep(50_000)
            }
        } else {
            let settle = Date().addingTimeInterval(min(0.5, manifest.startupTimeoutSeconds))
            while Date() < settle {
                if let status = process.exitStatus { return try failStartup("exited during startup (\(status))") }
                usleep(20_000)
            }
        }
        evidence.startupSeconds.append(Date().timeIntervalSince(started))
    }

    /// The reason, with the last lines the connector wrote to standard error
    /// (`can't open file …`): the console and every report show it.
    private func failStartup(_ reason: String) throws {
        _ = stop(grace: 1)
        evidence.failure = "startup check failed: \(reason)"
        if let tail = Self.stderrTail(evidence.stderrPath, lines: 5), !tail.isEmpty {
            evidence.failure! += "; its standard error ends: \(tail)"
        }
        throw RunFailure(evidence.failure!)
    }

    /// The last `lines` non-empty lines of a file, joined with " | ".
    static func stderrTail(_ path: String, lines: Int) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data.suffix(4096), as: UTF8.self)
        let kept = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.suffix(lines)
        return kept.joined(separator: " | ")
    }

    @discardableResult
    func stop(grace: Double) -> ConnectorProcess.StopReport? {
        guard let process else { return nil }
        let report = process.stop(graceSeconds: grace)
        evidence.stops.append(report)
        self.process = nil
        return report
    }

    func noteCrash(_ status: String, during step: String) {
        if evidence.failure == nil { evidence.failure = "the connector \(status) during \(step)" }
    }

    func finish(grace: Double) {
        if manifest.capabilities.control, let controlPort, isRunning,
            let answer = ControlClient(port: controlPort).get("/history"), answer.status == 200,
            let items = try? JSONSerialization.jsonObject(with: answer.body) as? [Any] {
            evidence.historyCount = items.count
        }
        stop(grace: grace)
        if let data = FileManager.default.contents(atPath: evidence.stderrPath) {
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            evidence.stderrTail = lines.suffix(40).joined(separator: "\n")
        }
    }
}
