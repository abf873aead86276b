import Foundation
import SyncVerifier

/// Where the tests' fixtures, the package's scenarios and the built binary are.
enum TestPaths {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = testsFolder.appendingPathComponent("Fixtures")
    static let connectors = testsFolder.appendingPathComponent("Connectors")

    /// `sync-verifier`, built beside the test bundle.
    static var binary: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [bundle, bundle.deletingLastPathComponent(), packageRoot.appendingPathComponent(".build/debug")] {
            let candidate = folder.appendingPathComponent("sync-verifier").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return packageRoot.appendingPathComponent(".build/debug/sync-verifier").path
    }

    /// A manifest that runs one of the Python test connectors.
    static func manifest(_ script: String, control: Bool = false, startupTimeoutSeconds: Double = 10) -> ConnectorManifest {
        ConnectorManifest(
            name: script, command: ["python3", connectors.appendingPathComponent(script + ".py").path],
            workingDirectory: connectors.path, startupTimeoutSeconds: startupTimeoutSeconds, capabilities: .init(control: control))
    }

    /// A new folder for one test's files, inside one folder for the whole
    /// test process that is removed when the process exits, so `swift test`
    /// leaves nothing behind in the temporary directory.
    static func temporaryFolder(_ label: String) -> URL {
        let url = temporaryRoot.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let temporaryRoot: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sv-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestPaths.temporaryRoot) }
        return root
    }()
}
