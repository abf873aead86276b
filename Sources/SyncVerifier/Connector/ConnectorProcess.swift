import CProcessSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A running connector: its own process group, standard output and error
/// going to files, stopped with SIGTERM and then SIGKILL to the whole group.
public final class ConnectorProcess {
    public let pid: pid_t
    public let startedAt: Date
    private var reaped: Int32?

    /// How a stop went, for evidence.
    public struct StopReport: Sendable, Codable, Hashable {
        /// `exited N`, `killed by signal N`.
        public var status: String
        /// The group ignored SIGTERM for the grace period and was killed.
        public var neededKill: Bool
        /// Processes of the group still found in /proc after the kill (should be none).
        public var survivors: [Int32]
    }

    public struct LaunchError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `command` in a new process group. It gets SIGKILL if the thread
    /// that starts it ends (a parent-death signal), so stop it from that thread;
    /// and the runner's watchdog kills its whole group if the runner dies.
    /// - Parameter environment: the complete environment of the child.
    public init(command: [String], workingDirectory: String, environment: [String: String], stdoutPath: String, stderrPath: String) throws {
        guard let program = command.first else { throw LaunchError(description: "the manifest's command is empty") }
        let executable = try Self.locate(program, workingDirectory: workingDirectory, path: environment["PATH"] ?? "/usr/bin:/bin")

        let arguments = [executable] + command.dropFirst()
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        let child = sv_spawn_in_new_group(executable, argv, envp, workingDirectory, stdoutPath, stderrPath)
        guard child > 0 else { throw LaunchError(description: "cannot start \(executable): \(String(cString: strerror(-child)))") }
        pid = child
        startedAt = Date()
        guard ConnectorGroups.admit(child) else {
            kill(-child, SIGKILL)
            kill(child, SIGKILL)
            var status: Int32 = 0
            waitpid(child, &status, 0)
            throw LaunchError(description: "the run is stopping (interrupted)")
        }
    }

    /// The program's path: as given when it has a slash (relative to the
    /// working directory), else the first match on PATH.
    static func locate(_ program: String, workingDirectory: String, path: String) throws -> String {
        if program.contains("/") {
            let full = program.hasPrefix("/") ? program : URL(fileURLWithPath: workingDirectory).appendingPathComponent(program).standardized.path
            guard access(full, X_OK) == 0 else { throw LaunchError(description: "\(full) is not an executable file") }
            return full
        }
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw LaunchError(description: "'\(program)' is not on PATH (\(path))")
    }

    /// nil while running; the exit description once the leader has ended.
    public var exitStatus: String? {
        if let reaped { return Self.describe(reaped) }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        reaped = status
        return Self.describe(status)
    }

    public var isRunning: Bool { exitStatus == nil }

    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        if signal == 0 { return "exited \((status >> 8) & 0xff)" }
        return "killed by signal \(signal)"
    }

    /// SIGTERM to the group, SIGKILL after `graceSeconds` if anything of it is
    /// left, then a check of /proc that nothing of the group survives.
    public func stop(graceSeconds: Double) -> StopReport {
        kill(-pid, SIGTERM)
        let deadline = Date().addingTimeInterval(graceSeconds)
        var neededKill = false
        while true {
            _ = exitStatus
            if Self.members(ofGroup: pid).isEmpty { break }
            if Date() >= deadline {
                neededKill = true
                kill(-pid, SIGKILL)
                break
            }
            usleep(10_000)
        }
        // Reap the leader and wait (briefly) for the kernel to clear the rest.
        let killDeadline = Date().addingTimeInterval(2)
        while Date() < killDeadline {
            _ = exitStatus
            Self.reapOrphans(ofGroup: pid)
            if Self.members(ofGroup: pid).isEmpty { break }
            usleep(10_000)
        }
        let survivors = Self.members(ofGroup: pid)
        if survivors.isEmpty { ConnectorGroups.remove(pid) }
        return StopReport(status: exitStatus ?? "still running", neededKill: neededKill, survivors: survivors)
    }

    /// Children of the connector that outlived it were handed to us (the
    /// runner is a child subreaper); collect their exit so none stays a zombie.
    static func reapOrphans(ofGroup group: pid_t) {
        var status: Int32 = 0
        while waitpid(-group, &status, WNOHANG) > 0 {}
    }

    /// Live (non-zombie) processes whose process group is `group`, read from /proc.
    public static func members(ofGroup group: pid_t) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var found: [Int32] = []
        for entry in entries {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8) else { continue }
            // Fields after the command name (which may hold spaces) in parentheses: state ppid pgrp …
            guard let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let pgrp = Int32(fields[2]) else { continue }
            if pgrp == group && fields[0] != "Z" { found.append(pid) }
        }
        return found
    }

    /// Makes this process adopt orphaned descendants (Linux), so the children
    /// a connector forks can still be reaped when it dies first.
    public static func becomeSubreaper() {
        _ = sv_become_subreaper()
    }
}
