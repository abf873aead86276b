import FakeKit
import Foundation

/// A partner program: its tiers and the partners it starts with. The JSON
/// form lives in `Fakes/FakePRM/Programs/*.json`.
public struct Program: Codable, Sendable {
    public static let currentFormat = "sync-verifier/program@1"

    public var format: String
    public var name: String
    public var currency: String
    /// Days a deal registration stays valid before it expires.
    public var registrationValidityDays: Int
    public var tiers: [TierRule]
    public var partners: [SeedPartner]

    public struct SeedPartner: Codable, Sendable {
        public var ref: String
        public var name: String
        public var tier: String
        public var status: String
        public var region: String?
        public var domain: String?
        public var contacts: [SeedContact]
    }

    public struct SeedContact: Codable, Sendable {
        public var ref: String
        public var firstName: String
        public var lastName: String
        public var email: String
        public var certifications: [String]
    }

    public func tier(named name: String) -> TierRule? { tiers.first { $0.name.caseInsensitiveEquals(name) } }

    /// The bundled program by name (`default`).
    public static func bundled(_ name: String) throws -> Program {
        guard let url = Bundle.module.url(forResource: "Programs/\(name)", withExtension: "json") else {
            throw ProgramError(problems: ["no bundled program named '\(name)'"])
        }
        return try load(file: url)
    }

    public static func load(file url: URL) throws -> Program {
        let data = try Data(contentsOf: url)
        // Strict first: no trailing commas, duplicate keys or comments, and a syntax error at its line and column.
        _ = try JSONParser.parse(data, file: url.path)
        let program = try JSONDecoder().decode(Program.self, from: data)
        var problems: [String] = []
        if program.format != currentFormat { problems.append("format: expected \"\(currentFormat)\", got \"\(program.format)\"") }
        for (index, partner) in program.partners.enumerated() where program.tier(named: partner.tier) == nil {
            problems.append("partners[\(index)].tier: no tier named '\(partner.tier)'")
        }
        guard problems.isEmpty else { throw ProgramError(problems: problems.map { "\(url.path): \($0)" }) }
        return program
    }
}

public struct ProgramError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}
