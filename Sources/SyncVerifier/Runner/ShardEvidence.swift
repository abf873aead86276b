import Foundation

/// What `merge` reads: the evidence of the runs in several folders (the
/// shards of one run, `run --shard K/N`), checked to be parts of one run, in
/// the order one run over the same files would have played them.
public struct ShardEvidence {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public var evidence: [ScenarioEvidence]
    public var connector: String
    public var seed: UInt64
    /// The longest of the shards' runs (they ran side by side), from their report.json.
    public var durationSeconds: Double
    /// Things to know that do not stop the merge (a shard that was interrupted).
    public var warnings: [String]

    /// Reads every `<folder>/<scenario>/evidence.json`.
    public static func load(folders: [String]) throws(Problem) -> ShardEvidence {
        var evidence: [ScenarioEvidence] = []
        var origin: [String: String] = [:]
        var warnings: [String] = []
        var duration = 0.0
        for folder in folders {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw Problem(description: "\(folder): no such folder")
            }
            let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            var found = 0
            for entry in entries {
                let file = URL(fileURLWithPath: folder).appendingPathComponent(entry).appendingPathComponent(
                    "evidence.json"
                ).path
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                let piece: ScenarioEvidence
                do {
                    piece = try JSONReport.decoder.decode(ScenarioEvidence.self, from: data)
                } catch {
                    throw Problem(description: "\(file): not a scenario's evidence (\(error))")
                }
                guard piece.format == ScenarioEvidence.format else {
                    throw Problem(description: "\(file): format '\(piece.format)' is not \(ScenarioEvidence.format)")
                }
                if let other = origin[piece.scenario] {
                    throw Problem(
                        description:
                            "scenario '\(piece.scenario)' is in both \(other) and \(folder): give each shard once")
                }
                origin[piece.scenario] = folder
                evidence.append(piece)
                found += 1
            }
            let report = try? JSONReport.load(path: folder + "/report.json")
            // An empty shard (more shards than scenarios) writes a report and no evidence.
            if found == 0 && report?.scenarios.isEmpty != true {
                throw Problem(description: "\(folder): no scenario evidence (<scenario>/evidence.json) in it")
            }
            if let report {
                duration = max(duration, report.durationSeconds)
                if let interrupted = report.interrupted {
                    warnings.append(
                        "\(folder): that run was interrupted (\(interrupted)); its unfinished scenarios are missing")
                }
            }
        }
        guard !evidence.isEmpty else { throw Problem(description: "the folders hold no scenario evidence") }
        let connectors = Set(evidence.map(\.connector.name))
        guard connectors.count == 1, let connector = connectors.first else {
            throw Problem(
                description:
                    "the folders hold runs of different connectors (\(connectors.sorted().joined(separator: ", "))): merge the shards of one run"
            )
        }
        let seeds = Set(evidence.map(\.seed))
        guard seeds.count == 1, let seed = seeds.first else {
            throw Problem(
                description:
                    "the folders hold runs with different seeds (\(seeds.sorted().map(String.init).joined(separator: ", "))): merge the shards of one run"
            )
        }
        if duration == 0 { duration = evidence.map(\.durationSeconds).reduce(0, +) }
        evidence.sort { ($0.file, $0.scenario) < ($1.file, $1.scenario) }
        return ShardEvidence(
            evidence: evidence, connector: connector, seed: seed, durationSeconds: duration, warnings: warnings)
    }
}
