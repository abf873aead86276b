import FakeCRM
import FakeKit
import Foundation

/// Reads scenario files and folders (searched recursively for `*.json`),
/// decoding and validating each one; every problem in every file is kept.
public enum ScenarioLoader {
    public struct Result: Sendable {
        public var scenarios: [Scenario]
        public var issues: [ScenarioIssue]
        /// Connector manifests found among the files (`connector.json` beside
        /// its scenarios): not scenarios; `validate` checks them as manifests.
        public var manifests: [String] = []
    }

    /// The scenario files under the given paths, sorted, as the user spelled the paths.
    public static func files(in paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw LoaderError(description: "\(path): no such file or folder")
            }
            if isDirectory.boolValue {
                let base = path.hasSuffix("/") ? String(path.dropLast()) : path
                let found = (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                    .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                    .sorted()
                files += found.map { base + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        return files
    }

    public static func load(paths: [String]) throws -> Result {
        var result = Result(scenarios: [], issues: [])
        for file in try files(in: paths) {
            guard let data = FileManager.default.contents(atPath: file) else {
                result.issues.append(ScenarioIssue(file: file, path: "$", message: "cannot read the file"))
                continue
            }
            if isSupportingFile(data) { continue }
            if isManifest(data) {
                result.manifests.append(file)
                continue
            }
            let (scenario, issues) = load(data: data, file: file)
            result.issues += issues
            if let scenario, issues.isEmpty { result.scenarios.append(scenario) }
        }
        var seen: [String: String] = [:]
        for scenario in result.scenarios {
            if let other = seen[scenario.name] {
                result.issues.append(ScenarioIssue(file: scenario.file, path: "name", message: "'\(scenario.name)' is also the name of \(other)"))
            }
            seen[scenario.name] = scenario.file
        }
        return result
    }

    /// Org and program files kept beside scenarios (`Scenarios/orgs/`) are
    /// recognised by their own `format` and are not scenarios.
    static func isSupportingFile(_ data: Data) -> Bool {
        guard let format = (try? JSONParser.parse(data))?["format"]?.stringValue else { return false }
        return ["sync-verifier/org@1", "sync-verifier/program@1"].contains(format)
    }

    /// A connector manifest: an object with a `command` and no `format` (scenarios, orgs and programs all name one).
    static func isManifest(_ data: Data) -> Bool {
        guard case .object(let members)? = try? JSONParser.parse(data) else { return false }
        return members["format"] == nil && members["command"] != nil
    }

    /// One file: the scenario (when it decodes) and every issue found in it.
    public static func load(file: String) -> (Scenario?, [ScenarioIssue]) {
        guard let data = FileManager.default.contents(atPath: file) else {
            return (nil, [ScenarioIssue(file: file, path: "$", message: "cannot read the file")])
        }
        return load(data: data, file: file)
    }

    public static func load(data: Data, file: String) -> (Scenario?, [ScenarioIssue]) {
        let log = IssueLog(file: file)
        guard let scenario = ScenarioDecoder(log: log).decode(data) else { return (nil, log.issues) }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        do {
            let shape = try ScenarioWorldShape.load(scenario, relativeTo: folder)
            ScenarioValidator(log: log, shape: shape).validate(scenario) { "checklist[\($0)]" }
        } catch {
            log.add(worldPath(scenario, failing: error), "\(error)")
        }
        return (scenario, log.issues)
    }

    /// Where in the file a world that cannot be loaded was declared: the first
    /// CRM whose dialect or org fails, else the program.
    static func worldPath(_ scenario: Scenario, failing error: any Error) -> String {
        for (index, system) in scenario.systems.enumerated() {
            guard let setup = system.crm else { continue }
            let folder = URL(fileURLWithPath: scenario.file).deletingLastPathComponent()
            let failed = (try? CRMDialects.named(setup.dialect).resolveOrg(setup.org, relativeTo: folder)) == nil
            if failed { return scenario.format2 ? "systems[\(index)].org" : "crm.org" }
        }
        let index = scenario.systems.firstIndex { $0.role == .prm } ?? 0
        return scenario.format2 ? "systems[\(index)].program" : "prm.program"
    }

    struct LoaderError: Error, CustomStringConvertible {
        let description: String
    }
}
