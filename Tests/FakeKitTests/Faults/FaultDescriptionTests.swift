import Foundation
import HTTP
import Testing

@testable import FakeKit

/// The fault descriptions are the one source of what a fault takes: these
/// tests hold the decoders, the OpenAPI documents, the scenario schema and
/// the README to them.
@Suite(.tags(.inMemory)) struct FaultDescriptionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static func decode(_ value: JSONValue) throws -> FaultSpec {
        try JSONDecoder().decode(FaultSpec.self, from: JSONEncoder().encode(value))
    }

    static func encoded(_ spec: FaultSpec) throws -> [String: JSONValue] {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(spec)).objectValue ?? [:]
    }

    /// The keys each type's decoder knows (its coding keys), by type.
    static let decoderKeys: [String: [String]] = [
        "latency": LatencyFault.CodingKeys.allCases.map(\.rawValue),
        "outage": OutageFault.CodingKeys.allCases.map(\.rawValue),
        "throttle": ThrottleFault.CodingKeys.allCases.map(\.rawValue),
        "bandwidth": BandwidthFault.CodingKeys.allCases.map(\.rawValue),
        "slicer": SlicerFault.CodingKeys.allCases.map(\.rawValue),
        "timeout": TimeoutFault.CodingKeys.allCases.map(\.rawValue),
        "limitData": LimitDataFault.CodingKeys.allCases.map(\.rawValue),
        "slowClose": SlowCloseFault.CodingKeys.allCases.map(\.rawValue),
        "auth": AuthFault.CodingKeys.allCases.map(\.rawValue),
        "retireVersions": VersionRetirementFault.CodingKeys.allCases.map(\.rawValue),
        "drift": ["type"]
            + DriftFault.Change.allCases.flatMap { ["change"] + $0.attributes.required + $0.attributes.optional },
    ]

    @Test func everyTypeIsDescribedOnceAndItsExamplesDecodeToIt() throws {
        #expect(Set(FaultSpec.types).count == FaultSpec.types.count)
        #expect(Set(FaultSpec.types) == Set(Self.decoderKeys.keys), "a description for every case the decoder knows")
        for description in FaultSpec.descriptions {
            for example in description.examples {
                let spec = try Self.decode(example)
                // `FaultSpec.description` switches over every case: a new case without a description does not compile.
                #expect(spec.type == description.type && spec.description.type == description.type)
                #expect(spec.isTraffic == description.isTraffic)
            }
        }
    }

    @Test(arguments: FaultSpec.descriptions.map(\.type))
    func theDecoderAcceptsExactlyTheDescribedAttributes(_ type: String) throws {
        let description = try #require(FaultSpec.description(of: type))
        #expect(Set(description.keys) == Set(Self.decoderKeys[type] ?? []))
        var value = try #require(description.examples.first?.objectValue)
        value["colour"] = "blue"
        do {
            _ = try Self.decode(.object(value))
            Issue.record("an unknown attribute is refused")
        } catch {
            #expect(FaultDecoding.message(error).contains("unknown key 'colour'"), "\(FaultDecoding.message(error))")
        }
    }

    @Test(arguments: FaultSpec.descriptions.filter { $0.attributes.contains { $0.defaultValue != nil } }.map(\.type))
    func theDocumentedDefaultsAreTheDecodersDefaults(_ type: String) throws {
        let description = try #require(FaultSpec.description(of: type))
        for attribute in description.attributes {
            guard let expected = attribute.defaultValue else { continue }
            var value = try #require(description.examples.first?.objectValue)
            value[attribute.name] = nil
            if attribute.name == "variationBytes" || attribute.name == "averageBytes" { value["variationBytes"] = nil }
            let encoded = try Self.encoded(Self.decode(.object(value)))
            #expect(
                Self.number(encoded[attribute.name]) == Self.number(expected) || encoded[attribute.name] == expected,
                "\(type).\(attribute.name)")
        }
        for attribute in FaultDescription.scope {
            guard let expected = attribute.defaultValue else { continue }
            let scope =
                try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(FaultScope())).objectValue ?? [:]
            #expect(Self.number(scope[attribute.name]) == Self.number(expected), "scope.\(attribute.name)")
        }
    }

    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let i)?: Double(i)
        case .double(let d)?: d
        default: nil
        }
    }

    @Test func rangesAndAllowedValuesAreEnforcedAsDescribed() throws {
        for description in FaultSpec.descriptions {
            for attribute in description.attributes {
                var value = try #require(description.examples.first?.objectValue)
                if let minimum = attribute.minimum, attribute.kind == .integer || attribute.kind == .number {
                    value[attribute.name] = .double(minimum - 1)
                    if attribute.kind == .integer { value[attribute.name] = .int(Int(minimum) - 1) }
                } else if !attribute.allowed.isEmpty, attribute.kind == .string {
                    value[attribute.name] = "not-one-of-them"
                } else {
                    continue
                }
                #expect(throws: (any Error).self, "\(description.type).\(attribute.name)") {
                    try Self.decode(.object(value))
                }
            }
        }
    }

    // MARK: the OpenAPI documents

    static var adminDocument: JSONValue { AdminOpenAPI.document(title: "Test").plain }

    /// Every `examples` array and example object's `value` in a document, with where it was found.
    static func examples(in value: JSONValue, at path: String = "") -> [(String, JSONValue)] {
        switch value {
        case .object(let object):
            var found: [(String, JSONValue)] = []
            for (key, child) in object {
                if key == "examples", case .array(let items) = child { found += items.map { (path, $0) } }
                if key == "examples", case .object(let named) = child {
                    found += named.compactMap { name, example in example["value"].map { ("\(path).\(name)", $0) } }
                }
                found += examples(in: child, at: path + "." + key)
            }
            return found
        case .array(let items): return items.enumerated().flatMap { examples(in: $1, at: "\(path)[\($0)]") }
        default: return []
        }
    }

    @Test func everyExampleInTheAdminDocumentDecodes() throws {
        let found = Self.examples(in: Self.adminDocument)
        #expect(found.count >= FaultSpec.descriptions.count * 2, "an example in each schema and in the request body")
        for (path, example) in found {
            if path.contains("FaultScope") {
                #expect(throws: Never.self, "\(path)") {
                    try JSONDecoder().decode(FaultScope.self, from: JSONEncoder().encode(example))
                }
            } else {
                #expect(throws: Never.self, "\(path)") { try Self.decode(example) }
            }
        }
    }

    @Test func theAdminDocumentDescribesEveryTypeAttributeUnitDefaultAndAllowedValue() throws {
        let schemas = try #require(Self.adminDocument["components"]?["schemas"]?.objectValue)
        let oneOf = schemas["Fault"]?["oneOf"]?.arrayValue ?? []
        #expect(oneOf.count == FaultSpec.descriptions.count)
        for description in FaultSpec.descriptions {
            let schema = try #require(schemas[AdminOpenAPI.schemaName(description.type)], "\(description.type)")
            // A branching type (drift, auth) lists its attributes in its variants.
            let branches = schema["oneOf"]?.arrayValue ?? [schema]
            let documented = Set(branches.flatMap { $0["properties"]?.objectValue.map { Array($0.keys) } ?? [] })
            #expect(documented == Set(description.keys), "\(description.type)")
            for attribute in description.attributes {
                let property = try #require(
                    branches.lazy.compactMap { $0["properties"]?[attribute.name] }.first { $0["description"] != nil }
                        ?? branches.lazy.compactMap { $0["properties"]?[attribute.name] }.first)
                if let unit = attribute.unit {
                    #expect(property["x-unit"] == .string(unit.rawValue), "\(description.type).\(attribute.name)")
                }
                if let value = attribute.defaultValue {
                    #expect(property["default"] == value, "\(description.type).\(attribute.name)")
                }
                if !attribute.allowed.isEmpty, description.discriminator != attribute.name {
                    #expect(property["enum"] == .array(attribute.allowed), "\(description.type).\(attribute.name)")
                }
            }
            if let discriminator = description.discriminator {
                let values = branches.compactMap { $0["properties"]?[discriminator]?["const"] }
                #expect(values == description.variants.map { .string($0.value) })
            }
        }
        let auth = try #require(schemas["FaultAuth"]).description
        #expect(auth.contains("revoke") && auth.contains("rotateSecret") && auth.contains("expireTokens"))
        let paths = try #require(Self.adminDocument["paths"]?.objectValue)
        #expect(
            Set(paths.keys).isSuperset(of: [
                "/__admin/faults", "/__admin/faults/{id}", "/__admin/drift", "/__admin/reset", "/__admin/journal",
                "/__admin/requests",
            ]))
    }

    @Test func theAdminAPIServesItsDocument() throws {
        let pipeline = FaultPipelineTests.pipeline()
        let admin = ClosureHandler { _ in .text(.ok, "api") }.with(
            AdminAPI(
                faults: pipeline, journal: Journal(system: "test", clock: JournalClock()), boundHost: "127.0.0.1",
                token: nil, title: "Test"))
        let response = try admin.handle(HTTPRequest(method: .get, target: "/__admin/openapi.json"))
        #expect(response.status == .ok)
        #expect(try JSONDecoder().decode(JSONValue.self, from: response.body) == Self.adminDocument)
    }

    // MARK: the scenario schema and the README

    @Test func theScenarioSchemasFaultIsTheGeneratedOne() throws {
        let schema = try JSONDecoder().decode(
            JSONValue.self, from: Data(contentsOf: Self.root.appendingPathComponent("Scenarios/scenario.schema.json")))
        #expect(
            schema["$defs"]?["fault"] == AdminOpenAPI.inlineFaultSchema,
            "regenerate $defs.fault from AdminOpenAPI.inlineFaultSchema")
    }

    @Test func theReadmeDocumentsEveryTypeAndAttribute() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        for description in FaultSpec.descriptions {
            let heading = "### `\(description.type)`\n"
            guard let start = readme.range(of: heading) else {
                Issue.record("README has no section \(heading)")
                continue
            }
            let section = readme[start.upperBound...].prefix { _ in true }.components(separatedBy: "\n### ").first ?? ""
            for name in description.attributes.map(\.name) + (description.variants.map(\.value)) {
                #expect(section.contains("`\(name)`"), "README's \(description.type) section names `\(name)`")
            }
        }
        for attribute in FaultDescription.scope { #expect(readme.contains("`\(attribute.name)`")) }
    }
}
