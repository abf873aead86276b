import Foundation
import Synchronization

/// Runs a bundled reference connector in this process: `mirror` (complete,
/// with the control API), `fieldmap` (naive) or `nightly` (batch copies).
/// `sync-verifier connector NAME` calls this in a process of its own, so a
/// connector talks to the fakes only over HTTP, as any outside one would.
public enum ReferenceConnector {
    public static let names = ["mirror", "fieldmap", "nightly"]

    private static let stopping = Atomic<Bool>(false)

    public static func run(_ name: String) -> Int32 {
        // A planted defect (the harness's self-test) is named before anything else runs: a wrong name stops here.
        if name == "mirror" { _ = MirrorDefect.active }
        let env: ConnectorEnvironment
        do { env = try ConnectorEnvironment.read() } catch {
            log("\(error)")
            return 2
        }
        let settings = SyncSettings.load(path: env.configPath)
        // A peer that resets a connection must be an error to handle, not a signal that kills us.
        signal(SIGPIPE, SIG_IGN)
        for number in [SIGTERM, SIGINT] {
            signal(number) { _ in ReferenceConnector.stopping.store(true, ordering: .relaxed) }
        }
        let stop = { stopping.load(ordering: .relaxed) }
        log("\(name) connector starting (poll \(settings.pollIntervalSeconds) s)")
        switch name {
        case "fieldmap":
            FieldMapConnector(env: env, settings: settings).run(stop: stop)
        case "mirror", "nightly":
            let control: ControlServer
            do { control = try ControlServer(port: name == "mirror" ? env.controlPort : nil) } catch {
                log("cannot serve the control API: \(error)")
                return 1
            }
            let connector: MirrorConnector
            do { connector = try MirrorConnector(env: env, settings: settings, mode: name == "mirror" ? .live : .batch, control: control) } catch {
                log("\(error)")
                control.stop()
                return 2
            }
            connector.run(stop: stop)
            control.stop()
        default:
            log("no reference connector named \(name) (known: \(names.joined(separator: ", ")))")
            return 2
        }
        log("\(name) connector stopped")
        return 0
    }
}
