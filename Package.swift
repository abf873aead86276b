// swift-tools-version: 6.1
// Sync Verifier: a test-and-audit harness for CRM↔PRM sync implementations.
// The toolchain is the only dependency: no third-party packages (docs/architecture.md).
import PackageDescription

let package = Package(
    name: "sync-verifier",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sync-verifier", targets: ["sync-verifier"])
    ],
    targets: [
        // The HTTP/1.1 + TLS server and a thin client. Knows nothing of CRMs.
        .target(name: "HTTP", path: "Sources/HTTP"),
        // What both fakes share: values, schema, record store, journal, faults.
        .target(name: "FakeKit", dependencies: ["HTTP"], path: "Fakes/FakeKit"),
        // The library's CRM vocabulary projected onto HubSpot's: data only, shared by the HubSpot fake and the reference connectors.
        .target(name: "CRMProjection", path: "Sources/CRMProjection"),
        // The simulated CRM: one dialect per real API over FakeKit's store.
        .target(name: "FakeCRM", dependencies: ["FakeKit", "HTTP", "CRMProjection"], path: "Fakes/FakeCRM", resources: [.copy("Orgs")]),
        // The simulated PRM: the partner side, with its own REST API.
        .target(name: "FakePRM", dependencies: ["FakeKit", "HTTP"], path: "Fakes/FakePRM", exclude: ["openapi.json"], resources: [.copy("Programs")]),
        // Starting a connector in its own process group (fork/setpgid/chdir/exec) and subreaping, in C.
        .target(name: "CProcessSupport", path: "Sources/CProcessSupport"),
        // Scenarios, the runner, connector processes, evidence and the scorer.
        .target(
            name: "SyncVerifier", dependencies: ["HTTP", "FakeKit", "FakeCRM", "FakePRM", "CProcessSupport"], path: "Sources/SyncVerifier",
            exclude: ["Reports/report.schema.json"]),
        // Real sync implementations used as systems under test; they speak only HTTP to the fakes.
        .target(name: "ReferenceConnectors", dependencies: ["HTTP", "CRMProjection"], path: "Sources/ReferenceConnectors"),
        // The small hand-written argument parser behind the command line.
        .target(name: "CommandLineKit", path: "Sources/CommandLineKit"),
        .executableTarget(
            name: "sync-verifier",
            dependencies: ["HTTP", "CommandLineKit", "FakeKit", "FakeCRM", "FakePRM", "SyncVerifier", "ReferenceConnectors"],
            path: "Sources/sync-verifier"
        ),
        // Serves a fixed body for Benchmarks/http/run.sh (not a product).
        .executableTarget(name: "sv-bench-server", dependencies: ["HTTP"], path: "Benchmarks/BenchServer"),
        .executableTarget(name: "sv-bench-crm", dependencies: ["HTTP", "FakeKit", "FakeCRM"], path: "Benchmarks/CRMBench"),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"], path: "Tests/HTTPTests"),
        .testTarget(name: "FakeKitTests", dependencies: ["FakeKit", "HTTP"], path: "Tests/FakeKitTests"),
        .testTarget(name: "FakeCRMTests", dependencies: ["FakeCRM", "FakeKit", "HTTP", "CRMProjection"], path: "Tests/FakeCRMTests", exclude: ["Fixtures"]),
        .testTarget(name: "FakePRMTests", dependencies: ["FakePRM", "FakeKit", "HTTP"], path: "Tests/FakePRMTests"),
        .testTarget(
            name: "SyncVerifierTests", dependencies: ["SyncVerifier", "FakeKit", "FakeCRM", "FakePRM", "HTTP", "sync-verifier"],
            path: "Tests/SyncVerifierTests", exclude: ["Fixtures", "Connectors"]),
        .testTarget(name: "CommandLineKitTests", dependencies: ["CommandLineKit"], path: "Tests/CommandLineKitTests"),
    ],
    swiftLanguageModes: [.v6]
)
