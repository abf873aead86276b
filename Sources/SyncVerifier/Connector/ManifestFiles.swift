import FakeKit
import Foundation

/// Writes a manifest's `files` for one run, templates resolved against the
/// connector's environment, and resolves its `command`. A JSON object or
/// array is written as JSON; a string as its text.
enum ManifestFiles {
    /// Every string inside `value` (keys left alone: they are the tool's own names).
    static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let items): items.flatMap(strings)
        case .object(let members): members.values.flatMap(strings)
        default: []
        }
    }

    static func resolve(_ value: JSONValue, _ lookup: (ManifestTemplate.Reference) throws(ManifestTemplate.Failure) -> String) throws(ManifestTemplate.Failure) -> JSONValue {
        switch value {
        case .string(let text): return .string(try ManifestTemplate.substitute(text, lookup))
        case .array(let items): return .array(try items.map { item throws(ManifestTemplate.Failure) in try resolve(item, lookup) })
        case .object(let members):
            var out: [String: JSONValue] = [:]
            for (key, item) in members { out[key] = try resolve(item, lookup) }
            return .object(out)
        default: return value
        }
    }

    /// Writes the files into `folder` and returns the command with its templates resolved.
    static func prepare(_ manifest: ConnectorManifest, environment: [String: String], folder: URL) throws -> [String] {
        func lookup(_ reference: ManifestTemplate.Reference) throws(ManifestTemplate.Failure) -> String {
            switch reference {
            case .variable(let name):
                guard let value = environment[name] else { throw .unknownVariable(name) }
                return value
            case .file(let name):
                guard manifest.files[name] != nil else { throw .unknownFile(name) }
                return folder.appendingPathComponent(name).path
            }
        }
        if !manifest.files.isEmpty { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        for (name, contents) in manifest.files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let data: Data
            switch try resolve(contents, lookup) {
            case .string(let text): data = Data(text.utf8)
            case let resolved: data = try JSONSerialization.data(withJSONObject: resolved.anyValue, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            }
            try data.write(to: url)
            // Config files hold credentials: readable by the owner only.
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        }
        return try manifest.command.map { argument throws in try ManifestTemplate.substitute(argument, lookup) }
    }
}
