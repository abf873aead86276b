import Foundation
import Testing

/// The reference connectors on HubSpot: the mirror, started by the built
/// binary with `SV_CRM_DIALECT=hubspot`, syncs a registration into a deal on
/// a HubSpot portal (a scenario in HubSpot's own vocabulary) and a won deal
/// back; a dialect the connectors do not speak stops them with exit 2.
@Suite("Reference connectors on HubSpot", .serialized, .tags(.endToEnd))
struct HubSpotConnectorTests {
    @Test(.timeLimit(.minutes(20))) func mirrorSyncsARegistrationIntoAHubSpotDealAndItsWinBack() async throws {
        let scenario = TestPaths.fixtures.appendingPathComponent("scenarios/hubspot-registration.json").path
        let out = TestPaths.temporaryFolder("hubspot-mirror").path
        let output = try await HeavyLane.run {
            try CommandLineEndToEndTests.run(["run", scenario, "--connector", "mirror", "--out", out, "--jobs", "1"])
        }
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("[1/1] pass   hubspot-registration-to-deal"))
        let stderr =
            (try? String(contentsOfFile: out + "/hubspot-registration-to-deal/connector.stderr", encoding: .utf8)) ?? ""
        #expect(
            stderr.contains("created HubSpot deals properties"),
            "the connector installs the properties its flows write: \(stderr)")
    }

    /// The library's own org, projected onto HubSpot: the deal lands on the seeded company, the partner's under its label.
    @Test(.timeLimit(.minutes(20))) func mirrorMatchesTheProjectedLibraryOrgsCompanies() async throws {
        let scenario = TestPaths.fixtures.appendingPathComponent("scenarios/hubspot-library-org.json").path
        let out = TestPaths.temporaryFolder("hubspot-library-org").path
        let output = try await HeavyLane.run { try CommandLineEndToEndTests.run(["run", scenario, "--connector", "mirror", "--out", out, "--jobs", "1"]) }
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        let stderr = (try? String(contentsOfFile: out + "/hubspot-library-org-account-matching/connector.stderr", encoding: .utf8)) ?? ""
        #expect(!stderr.contains("ALERT") && !stderr.contains("created HubSpot"), "the projected org has every property the flows write: \(stderr)")
        let evidence = String(decoding: try Data(contentsOf: URL(fileURLWithPath: out + "/hubspot-library-org-account-matching/evidence.json")), as: UTF8.self)
        #expect(evidence.contains("USER_DEFINED"), "the partner company is linked under the Partner label")
    }

    /// The naive connector speaks HubSpot too, in HubSpot's standard names only: it makes the deal, with no registration id on it.
    @Test(.timeLimit(.minutes(20))) func fieldmapMakesAHubSpotDealWithoutAttribution() async throws {
        let scenario = TestPaths.fixtures.appendingPathComponent("scenarios/hubspot-registration.json").path
        let out = TestPaths.temporaryFolder("hubspot-fieldmap").path
        let output = try await HeavyLane.run {
            try CommandLineEndToEndTests.run(["run", scenario, "--connector", "fieldmap", "--out", out, "--jobs", "1"])
        }
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("FAILED hubspot-registration-to-deal"))
        let evidence = try Data(contentsOf: URL(fileURLWithPath: out + "/hubspot-registration-to-deal/evidence.json"))
        let text = String(decoding: evidence, as: UTF8.self)
        #expect(
            text.contains("Hooli Robotics") && text.contains("appointmentscheduled"),
            "fieldmap created the deal in HubSpot's first stage")
    }

    @Test(arguments: ["mirror", "nightly", "fieldmap"])
    func anUnknownDialectStopsTheConnector(connector: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = ["connector", connector]
        var environment = ["SV_CRM_DIALECT": "dynamics"]
        for name in [
            "SV_CRM_URL", "SV_CRM_TOKEN_URL", "SV_CRM_CLIENT_ID", "SV_CRM_CLIENT_SECRET", "SV_PRM_URL",
            "SV_PRM_API_KEY",
        ] {
            environment[name] = "https://127.0.0.1:9"
        }
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(
            text.contains("the reference connectors speak no CRM dialect 'dynamics' (known: salesforce, hubspot)"),
            "\(text)")
    }
}
