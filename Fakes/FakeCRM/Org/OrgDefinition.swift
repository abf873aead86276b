import FakeKit
import Foundation

/// A loaded org: a schema and the seed records to create in it.
public struct OrgDefinition: Sendable {
    public var name: String
    public var description: String
    public var schema: Schema
    public var seed: [(object: String, records: [OrgFile.SeedRecord])]

    public init(name: String, description: String, schema: Schema, seed: [(object: String, records: [OrgFile.SeedRecord])] = []) {
        self.name = name
        self.description = description
        self.schema = schema
        self.seed = seed
    }

    /// The bundled orgs' names (`default`, `partner-channel`).
    public static var bundledNames: [String] {
        guard let folder = Bundle.module.url(forResource: "Orgs", withExtension: nil),
            let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// A bundled org by name.
    public static func bundled(_ name: String) throws -> OrgDefinition {
        guard let url = Bundle.module.url(forResource: "Orgs/\(name)", withExtension: "json") else {
            throw OrgFileError(file: name, problems: ["no bundled org named '\(name)' (have: \(bundledNames.joined(separator: ", ")))"])
        }
        return try load(file: url)
    }

    /// An org file, or a folder of Salesforce `describe` results (one JSON
    /// file per object) when `url` is a directory.
    public static func load(path: String) throws -> OrgDefinition {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw OrgFileError(file: path, problems: ["no such file or folder"])
        }
        let url = URL(fileURLWithPath: path)
        return isDirectory.boolValue ? try DescribeImporter.load(folder: url) : try load(file: url)
    }

    public static func load(file url: URL) throws -> OrgDefinition {
        try load(data: Data(contentsOf: url), file: url.path)
    }

    /// An org file's bytes; `file` names it in errors.
    public static func load(data: Data, file path: String) throws -> OrgDefinition {
        // Strict first: no trailing commas, duplicate keys or comments, and a syntax error at its line and column.
        let input = try JSONParser.parse(data, file: path)
        let file: OrgFile
        do {
            file = try JSONDecoder().decode(OrgFile.self, from: data)
        } catch let error as DecodingError {
            throw OrgFileError(file: path, problems: [Self.describe(error)])
        }
        var problems = try StrictJSON.unknownKeys(input: input, decoded: file)
            .map { "\($0): unknown key" }
        if file.format != OrgFile.currentFormat {
            problems.append("format: expected \"\(OrgFile.currentFormat)\", got \"\(file.format)\"")
        }
        let schema = Schema(objects: file.objects)
        for object in (file.records ?? [:]).keys where schema.object(object) == nil {
            problems.append("records.\(object): no such object in this org")
        }
        guard problems.isEmpty else { throw OrgFileError(file: path, problems: problems) }
        let seed = file.objects.compactMap { object in
            file.records?[object.name].map { (object: object.name, records: $0) }
        }
        return OrgDefinition(name: file.name, description: file.description ?? "", schema: schema, seed: seed)
    }

    /// Creates the seed records in `store`, resolving `${ref.id}` to the ids
    /// of earlier records. Returns ref → id.
    @discardableResult
    public func seed(into store: RecordStore, actor: String = "harness") throws -> [String: String] {
        var refs: [String: String] = [:]
        for (object, records) in seed {
            for record in records {
                let fields = try record.fields.mapValues { value -> JSONValue in
                    guard case .string(let text) = value, text.hasPrefix("${"), text.hasSuffix(".id}") else { return value }
                    let ref = String(text.dropFirst(2).dropLast(4))
                    guard let id = refs[ref] else {
                        throw OrgFileError(file: name, problems: ["records.\(object): \(text) names no earlier record"])
                    }
                    return .string(id)
                }
                let created = try store.create(object, fields, id: record.id, actor: actor, channel: "seed")
                if let ref = record.ref { refs[ref] = created.id }
            }
        }
        return refs
    }

    static func describe(_ error: DecodingError) -> String {
        // `$` for the document itself, as scenario issues name it: a problem always has a place.
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
            return path.isEmpty ? "$" : path
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue): required key is missing"
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), got null"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
