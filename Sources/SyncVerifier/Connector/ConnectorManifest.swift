import FakeKit
import Foundation

/// `connector.json`: how to start a connector (docs/connector-contract.md).
public struct ConnectorManifest: Sendable, Hashable {
    public var name: String
    /// The connector's own version, as its team names it (reports show it); optional.
    public var version: String?
    public var command: [String]
    /// Absolute; a relative one in the file is taken from the manifest's folder.
    public var workingDirectory: String
    public var env: [String: String]
    /// Copies of contract variables under the connector's own names.
    public var envMap: [String: String]
    public var startupTimeoutSeconds: Double
    public var capabilities: Capabilities
    /// Files written before the connector starts (a tool that reads
    /// `--config config.json`): name to contents, a JSON value whose strings
    /// may hold `${CONTRACT_VARIABLE}` and `${file:NAME}` (see `ManifestTemplate`).
    public var files: [String: JSONValue] = [:]

    public struct Capabilities: Sendable, Hashable {
        /// Serves the control API (`/health`, `/history`, `/rollback`, `/sync`) at `SV_CONTROL_PORT`.
        public var control: Bool

        public init(control: Bool) { self.control = control }
    }

    public init(
        name: String, command: [String], workingDirectory: String, env: [String: String] = [:], envMap: [String: String] = [:],
        startupTimeoutSeconds: Double = 20, capabilities: Capabilities = Capabilities(control: false), version: String? = nil
    ) {
        self.name = name
        self.version = version
        self.command = command
        self.workingDirectory = workingDirectory
        self.env = env
        self.envMap = envMap
        self.startupTimeoutSeconds = startupTimeoutSeconds
        self.capabilities = capabilities
    }

    static let keys = ["name", "version", "command", "workingDirectory", "env", "envMap", "startupTimeoutSeconds", "capabilities", "files"]
    static let contractVariables = [
        "SV_CRM_DIALECT", "SV_CRM_URL", "SV_CRM_TOKEN_URL", "SV_CRM_CLIENT_ID", "SV_CRM_CLIENT_SECRET", "SV_PRM_URL", "SV_PRM_API_KEY",
        "SV_ALERT_URL", "SV_CONFIG", "SV_STATE_DIR", "SV_CA_BUNDLE", "SV_CONTROL_PORT", "SV_PROXY_URL", "SV_CRM_REFRESH_TOKEN",
        "SV_SYSTEMS",
    ]

    public struct Invalid: Error, CustomStringConvertible {
        public let issues: [ScenarioIssue]
        public var description: String { issues.map(\.description).joined(separator: "\n") }
    }

    /// Reads and checks a manifest file; every problem is reported by JSON path.
    public static func load(path: String) throws -> ConnectorManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Invalid(issues: [ScenarioIssue(file: path, path: "$", message: "cannot read the file")])
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try decode(data, file: path, folder: folder)
    }

    static func decode(_ data: Data, file: String, folder: String) throws -> ConnectorManifest {
        let log = IssueLog(file: file)
        let json: JSONValue
        do {
            json = try JSONParser.parse(data)
        } catch {
            log.add(error)
            throw Invalid(issues: log.issues)
        }
        let node = JSONNode(value: json, path: "", log: log)
        guard let object = node.object(allowed: keys, required: ["name", "command"]) else { throw Invalid(issues: log.issues) }
        let name = object.string("name") ?? ""
        let version = object.string("version")
        let command = object.strings("command") ?? []
        if object.child("command")?.value.arrayValue?.isEmpty == true { object.child("command")?.fail("give the program and its arguments") }
        func table(_ key: String) -> [String: String] {
            guard let child = object.child(key), let members = child.object(allowed: child.value.objectValue.map { Array($0.keys) } ?? []) else { return [:] }
            var result: [String: String] = [:]
            for key in members.members.keys.sorted() { if let value = members.string(key) { result[key] = value } }
            return result
        }
        let env = table("env")
        let envMap = table("envMap")
        for source in envMap.keys.sorted() where !contractVariables.contains(source) {
            log.add("envMap.\(source)", "'\(source)' is not a contract variable (\(contractVariables.joined(separator: ", ")))")
        }
        var control = false
        if let capabilities = object.child("capabilities")?.object(allowed: ["control"]) { control = capabilities.bool("control") ?? false }
        let directory = object.string("workingDirectory") ?? "."
        let resolved = directory.hasPrefix("/") ? directory : URL(fileURLWithPath: folder).appendingPathComponent(directory).standardized.path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) || !isDirectory.boolValue {
            log.add("workingDirectory", "no folder at \(resolved)")
        }
        let timeout = object.seconds("startupTimeoutSeconds") ?? 20
        var files: [String: JSONValue] = [:]
        if let child = object.child("files") {
            if case .object(let members) = child.value { files = members } else { log.add("files", "an object of file name to contents") }
        }
        let variables = Set(contractVariables)
        for (fileName, contents) in files.sorted(by: { $0.key < $1.key }) {
            if fileName.isEmpty || fileName.hasPrefix("/") || fileName.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
                log.add("files.\(fileName)", "a file name inside the connector's files folder (no leading /, no . or ..)")
            }
            for text in ManifestFiles.strings(in: contents) {
                do throws(ManifestTemplate.Failure) {
                    try ManifestTemplate.check(text, variables: variables, files: Set(files.keys))
                } catch {
                    log.add("files.\(fileName)", "\(error) (contract variables: \(contractVariables.joined(separator: ", ")))")
                }
            }
        }
        for (index, argument) in command.enumerated() {
            do throws(ManifestTemplate.Failure) {
                try ManifestTemplate.check(argument, variables: variables, files: Set(files.keys))
            } catch {
                log.add("command[\(index)]", "\(error)")
            }
        }
        guard log.issues.isEmpty else { throw Invalid(issues: log.issues) }
        var manifest = ConnectorManifest(
            name: name, command: command, workingDirectory: resolved, env: env, envMap: envMap,
            startupTimeoutSeconds: timeout, capabilities: Capabilities(control: control), version: version)
        manifest.files = files
        return manifest
    }
}
