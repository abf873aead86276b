import Foundation
import Testing

/// The built `sync-verifier` binary, as users and CI run it.
@Suite("sync-verifier binary", .serialized, .tags(.endToEnd))
struct CommandLineEndToEndTests {
    struct Output: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = arguments
        process.currentDirectoryURL = TestPaths.packageRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while it runs, so a full pipe cannot stall it.
        let group = DispatchGroup()
        // Safe: each variable is written by exactly one reader task and read
        // only after group.wait(), which orders those writes before the reads.
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        group.wait()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    static func manifestFile(_ script: String) throws -> String {
        let folder = TestPaths.temporaryFolder("manifest")
        let path = folder.appendingPathComponent("connector.json").path
        let json = #"{"name":"\#(script)","command":["python3","\#(TestPaths.connectors.path)/\#(script).py"],"startupTimeoutSeconds":10}"#
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func validateReportsEveryProblemAndExitsTwo() throws {
        let broken = TestPaths.fixtures.appendingPathComponent("broken/38-several-errors.json").path
        let output = try Self.run(["validate", broken])
        #expect(output.status == 2)
        #expect(output.stderr.split(separator: "\n").filter { $0.hasPrefix(broken + ": ") }.count == 3)
    }

    @Test func validateNamesTheLineAndColumnOfASyntaxError() throws {
        let folder = TestPaths.temporaryFolder("strict")
        let file = folder.appendingPathComponent("trailing.json").path
        try Data("{\n  \"format\": \"sync-verifier/scenario@1\",\n  \"name\": \"x\",\n}\n".utf8).write(to: URL(fileURLWithPath: file))
        let output = try Self.run(["validate", file])
        #expect(output.status == 2)
        #expect(output.stderr == "\(file):3:14: trailing comma before '}'\n1 problem in 1 file\n")
    }

    @Test func validateChecksAnExampleFolderWithItsManifest() throws {
        let output = try Self.run(["validate", "Examples/python-connector/"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == "1 scenario and 1 connector manifest valid\n")
    }

    @Test func runPassesWithAWorkingConnectorAndFailsWithoutOne() throws {
        let scenario = TestPaths.fixtures.appendingPathComponent("scenarios/registration.json").path
        let out = TestPaths.temporaryFolder("cli").path
        let good = try Self.run(["run", scenario, "--connector", try Self.manifestFile("syncs_registrations"), "--out", out + "/good", "--jobs", "1"])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.contains("[1/1] pass   test-registration"))
        #expect(FileManager.default.fileExists(atPath: out + "/good/test-registration/evidence.json"))
        let bad = try Self.run(["run", scenario, "--connector", try Self.manifestFile("never_syncs"), "--out", out + "/bad"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("FAILED test-registration"))
    }

    @Test func aBadConnectorArgumentIsAUsageError() throws {
        let output = try Self.run(["run", "--connector", "no-such-connector"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("is neither a bundled connector"))
    }
}
