import Foundation

/// The reference connectors shipped with the harness, by name. They run as
/// separate processes of the `sync-verifier` binary itself
/// (`sync-verifier connector NAME`), so `swift run sync-verifier run` needs
/// nothing else built.
public enum BundledConnectors {
    public static let names = ["mirror", "fieldmap", "nightly"]

    /// The folder of the running `sync-verifier` (where SwiftPM puts the package's executables).
    public static var executableFolder: String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    public static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    public static func manifest(_ name: String) -> ConnectorManifest? {
        guard names.contains(name) else { return nil }
        return ConnectorManifest(
            name: name, command: [executablePath, "connector", name], workingDirectory: FileManager.default.currentDirectoryPath,
            startupTimeoutSeconds: 20, capabilities: .init(control: name == "mirror"))
    }

    /// The design's names for them: the complete one and the naive one.
    public static let aliases = ["reference": "mirror", "naive": "fieldmap"]

    /// A bundled connector's name (or alias) or a manifest path.
    public static func resolve(_ text: String) throws -> ConnectorManifest {
        if let manifest = manifest(aliases[text] ?? text) { return manifest }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: text, isDirectory: &isDirectory) {
            return try ConnectorManifest.load(path: isDirectory.boolValue ? text + "/connector.json" : text)
        }
        throw RunFailure("--connector: '\(text)' is neither a bundled connector (\(names.joined(separator: ", "))) nor a manifest file")
    }
}
