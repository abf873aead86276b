import Foundation
import Testing

/// `sync-verifier fault` through the built binary, against a real `serve`.
@Suite("sync-verifier fault", .serialized, .tags(.endToEnd))
struct FaultCommandEndToEndTests {
    /// `sync-verifier serve --http` in the background, with the line it printed.
    final class Serve {
        let process = Process()
        let line: String
        let variables: [String: String]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sv-fault-cli-\(UUID().uuidString.prefix(8))")

        init(_ arguments: [String] = []) throws {
            process.executableURL = URL(fileURLWithPath: TestPaths.binary)
            process.arguments = ["serve"] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            var bytes = Data()
            while bytes.last != UInt8(ascii: "\n") {
                let byte = out.fileHandleForReading.readData(ofLength: 1)
                if byte.isEmpty { break }
                bytes += byte
            }
            line = String(decoding: bytes, as: UTF8.self)
            variables = (try? JSONSerialization.jsonObject(with: bytes) as? [String: String]) ?? [:]
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: folder)
        }

        /// A file of serve's variables in one of the forms `--env` reads.
        func envFile(_ form: String) throws -> String {
            let text: String =
                switch form {
                case "json": line
                case "export": variables.map { "export \($0.key)='\($0.value)'" }.joined(separator: "\n") + "\n"
                default:
                    "# serve's variables\n" + variables.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: "\n")
                        + "\n"
                }
            let path = folder.appendingPathComponent("serve-\(form).env").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    static func fault(_ arguments: [String], env: String) throws -> CommandLineEndToEndTests.Output {
        try CommandLineEndToEndTests.run(["fault"] + arguments + ["--env", env])
    }

    @Test(arguments: ["json", "export", "dotenv"])
    func addListAndClearAThrottleWithServesVariablesFromAFile(_ form: String) throws {
        let serve = try Serve()
        #expect(serve.variables["SV_ADMIN_URL"] != nil, "serve printed \(serve.line)")
        let env = try serve.envFile(form)
        let added = try Self.fault(["add", "--side", "crm", "throttle", "--limit", "10", "--window", "3"], env: env)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.hasPrefix("crm: fault 1 active"))
        #expect(added.stdout.contains(#""limit":10"#) && added.stdout.contains(#""windowSeconds":3"#))
        let listed = try Self.fault(["list", "--json"], env: env)
        #expect(
            listed.stdout.contains(#"{"side":"crm","faults":{"data":[{"#)
                && listed.stdout.contains(#""type":"throttle""#))
        #expect(try Self.fault(["clear", "1"], env: env).stdout == "crm: fault 1 cleared\n")
        let empty = try Self.fault(["list"], env: env)
        #expect(empty.stdout == "no faults\n")
    }

    @Test func mistakesReadAsTheyDoInScenarioFiles() throws {
        let serve = try Serve(["--http"])
        let env = try serve.envFile("json")
        let expected = try String(
            contentsOf: TestPaths.fixtures.appendingPathComponent("broken/expected-errors.txt"), encoding: .utf8
        )
        .split(separator: "\n").map(String.init)
        func scenarioMessage(_ file: String) -> String {
            // `26-…json: steps[2].inject.type: …` → `inject.type: …`
            let line = expected.first { $0.hasPrefix(file) } ?? ""
            return line.components(separatedBy: "steps[2].").last ?? ""
        }
        let unknownAttribute = try Self.fault(["add", "latency", "--ms", "40"], env: env)
        #expect(unknownAttribute.status == 2)
        #expect(
            unknownAttribute.stderr.hasPrefix("error: " + scenarioMessage("27-fault-unknown-attribute.json") + "\n"),
            "\(unknownAttribute.stderr)")
        let unknownType = try Self.fault(["add", "earthquake"], env: env)
        #expect(unknownType.status == 2)
        #expect(
            unknownType.stderr.hasPrefix("error: " + scenarioMessage("26-unknown-fault-type.json") + "\n"),
            "\(unknownType.stderr)")
        let badValue = try Self.fault(["add", "throttle", "--limit", "5", "--window-seconds", "0"], env: env)
        #expect(badValue.status == 2)
        #expect(badValue.stderr.hasPrefix("error: inject.windowSeconds: windowSeconds must be greater than 0\n"))
        let badType = try Self.fault(["add", "bandwidth", "--bytesPerSecond", "fast"], env: env)
        #expect(badType.stderr.hasPrefix("error: inject.bytesPerSecond: expected a number\n"))
        let badScope = try Self.fault(["add", "slicer", "--probability", "2"], env: env)
        #expect(
            badScope.stderr.hasPrefix("error: inject.scope.probability: probability must be between 0 and 1\n"),
            "\(badScope.stderr)")
        #expect(try Self.fault(["list"], env: env).stdout == "no faults\n", "nothing reached the fake")
        let noURL = try CommandLineEndToEndTests.run(["fault", "list"])
        #expect(noURL.status == 2 && noURL.stderr.contains("no admin URL"))
    }

    @Test func networkFaultsDriftAndCredentialsFromTheCommandLine() throws {
        let serve = try Serve(["--http"])
        let env = try serve.envFile("dotenv")
        let bandwidth = try Self.fault(
            [
                "add", "--side", "prm", "bandwidth", "--bytes-per-second", "10240", "--path-prefixes",
                "/api/v1/partners,/api/v1/leads",
            ], env: env)
        #expect(bandwidth.status == 0, "\(bandwidth.stderr)")
        #expect(bandwidth.stdout.contains(#""pathPrefixes":["/api/v1/partners","/api/v1/leads"]"#))
        let drift = try Self.fault(
            ["drift", "add-field", "--object", "Account", "--field", #"{"name":"Tier__c","type":"string"}"#], env: env)
        #expect(
            drift.status == 0 && drift.stdout.contains("applied") && drift.stdout.contains("result: "),
            "\(drift.stderr)")
        let rotated = try Self.fault(["auth", "rotate"], env: env)
        #expect(rotated.status == 0 && rotated.stdout.contains("clientSecret"), "\(rotated.stderr)")
        let revoked = try Self.fault(["auth", "revoke", "--side", "prm", "--client-id", "connector"], env: env)
        #expect(revoked.status == 0 && revoked.stdout.contains("revokedKey"), "\(revoked.stderr)")
        let refused = try Self.fault(["auth", "expire", "--side", "prm"], env: env)
        #expect(refused.status == 1 && refused.stderr.contains("fault_refused"), "the PRM's keys do not expire")
        let table = try Self.fault(["list"], env: env).stdout
        #expect(
            table.contains("prm   1   bandwidth") && table.contains("drift") && table.contains("failed"), "\(table)")
        let cleared = try Self.fault(["clear"], env: env)
        #expect(cleared.stdout == "crm: every traffic fault cleared\nprm: every traffic fault cleared\n")
        let types = try CommandLineEndToEndTests.run(["fault", "types"])
        for type in [
            "bandwidth", "slicer", "timeout", "limitData", "slowClose", "auth  (change", "revoke", "rotateSecret",
        ] {
            #expect(types.stdout.contains(type))
        }
    }

    @Test func theEnvironmentIsReadWhenNoFileIsGiven() throws {
        let serve = try Serve(["--http"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = ["fault", "add", "timeout", "--timeout", "500", "--methods", "PATCH"]
        process.environment = ProcessInfo.processInfo.environment.merging(serve.variables) { _, served in served }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains(#""timeoutMs":500"#) && text.contains(#""methods":["PATCH"]"#), "\(text)")
    }
}
