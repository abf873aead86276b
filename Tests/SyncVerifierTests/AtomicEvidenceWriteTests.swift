import Foundation
import Glibc
import Testing

@testable import SyncVerifier

/// The killed-runner test kills at random moments, and a write takes
/// microseconds, so it would rarely catch a file written in place. This one
/// cannot miss it: the kernel reports (inotify) every file opened for
/// writing in the run folder, and each evidence and report file must appear
/// under its final name only by a rename, never be created or have bytes
/// written there. (Closing the renamed file afterwards is reported under the
/// final name and is no write.)
@Suite("Evidence and reports are renamed into place", .tags(.inMemory))
struct AtomicEvidenceWriteTests {
    @Test func everyEvidenceAndReportFileAppearsOnlyByARename() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sv-atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let evidence = EvidenceBuilder("atomic-write", checklist: ["setup.time-to-live"]).build()
        // The folders exist before the watch, so no event is missed while one is added.
        let scenarioFolder = folder.appendingPathComponent(evidence.scenario)
        try FileManager.default.createDirectory(at: scenarioFolder, withIntermediateDirectories: true)

        let events = try Self.fileEvents(in: [folder, scenarioFolder]) {
            let reporter = FileReporter(folder: folder)
            reporter.scenarioFinished(evidence, finished: 1, total: 1)
            reporter.runFinished(Scorer().score([evidence], connector: "acme", seed: 1, durationSeconds: 1))
            #expect(reporter.problems.all.isEmpty, "\(reporter.problems.all)")
        }
        let finalNames = ["evidence.json"] + FileReporter.Format.allCases.map(\.fileName)
        for name in finalNames {
            let mine = events.filter { $0.name == name }
            #expect(mine.contains { $0.kind == "moved in" }, "\(name) did not appear by a rename: \(mine)")
            #expect(!mine.contains { $0.kind == "created" || $0.kind == "written" }, "\(name) was written in place: \(mine)")
        }
        // The bytes went somewhere: into the temporary files that were renamed.
        #expect(events.contains { $0.kind == "written" && !finalNames.contains($0.name) }, "no write seen at all: the watch saw nothing (\(events))")
    }

    struct FileEvent: CustomStringConvertible {
        let name: String
        let kind: String
        var description: String { "\(kind) \(name)" }
    }

    /// What happened to files directly in `folders` while `body` ran.
    static func fileEvents(in folders: [URL], during body: () throws -> Void) throws -> [FileEvent] {
        let watcher = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard watcher >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(watcher) }
        for folder in folders {
            guard inotify_add_watch(watcher, folder.path, UInt32(IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO)) >= 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        }
        try body()
        var events: [FileEvent] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        // Bounded: each read drains what is queued; the queue is finite once body returned.
        for _ in 0..<1000 {
            let count = buffer.withUnsafeMutableBytes { read(watcher, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            while offset < count {
                let (mask, length, name) = buffer.withUnsafeBytes { raw -> (UInt32, Int, String) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    let nameBytes = raw[nameStart..<(nameStart + Int(event.len))].prefix { $0 != 0 }
                    return (event.mask, Int(event.len), String(decoding: nameBytes, as: UTF8.self))
                }
                if mask & UInt32(IN_MOVED_TO) != 0 { events.append(FileEvent(name: name, kind: "moved in")) }
                if mask & UInt32(IN_CREATE) != 0 { events.append(FileEvent(name: name, kind: "created")) }
                if mask & UInt32(IN_MODIFY) != 0 { events.append(FileEvent(name: name, kind: "written")) }
                if mask & UInt32(IN_CLOSE_WRITE) != 0 { events.append(FileEvent(name: name, kind: "closed")) }
                offset += MemoryLayout<inotify_event>.size + length
            }
        }
        return events
    }
}
