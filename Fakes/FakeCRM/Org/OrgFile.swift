import FakeKit
import Foundation

/// The JSON form of an org (`Fakes/FakeCRM/Orgs/*.json`): its schema and the
/// records it starts with. See `Fakes/FakeCRM/Orgs/README.md`.
public struct OrgFile: Codable, Sendable {
    public static let currentFormat = "sync-verifier/org@1"

    public var format: String
    public var name: String
    public var description: String?
    public var objects: [ObjectDefinition]
    /// Seed records by object name. They are created in the order of
    /// `objects`, so parents come first; `${ref.id}` names an earlier record.
    public var records: [String: [SeedRecord]]?

    public struct SeedRecord: Codable, Sendable {
        /// A name later records use to point at this one (`${ref.id}`).
        public var ref: String?
        /// A fixed id, for orgs whose ids must be known in advance.
        public var id: String?
        public var fields: [String: JSONValue]
    }
}

/// An org file that could not be read, with the file and what is wrong.
public struct OrgFileError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let problems: [String]
    public var description: String { problems.map { "\(file): \($0)" }.joined(separator: "\n") }
}
