import FakeKit
import Foundation
import Testing
@testable import SyncVerifier

@Suite("Scenario format and validation", .tags(.inMemory))
struct ScenarioValidationTests {
    static let brokenFolder = TestPaths.fixtures.appendingPathComponent("broken")

    static var brokenFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: brokenFolder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    static let expectedLines: [String: [String]] = {
        let text = (try? String(contentsOf: brokenFolder.appendingPathComponent("expected-errors.txt"), encoding: .utf8)) ?? ""
        var table: [String: [String]] = [:]
        for line in text.split(separator: "\n") {
            let file = String(line.prefix { $0 != ":" })
            table[file, default: []].append(String(line))
        }
        return table
    }()

    @Test func theCorpusHasAtLeastThirtyBrokenFiles() {
        #expect(Self.brokenFiles.count >= 30)
        #expect(Set(Self.expectedLines.keys) == Set(Self.brokenFiles))
    }

    @Test(arguments: brokenFiles)
    func eachBrokenFileGivesItsExactErrors(_ name: String) throws {
        let data = try Data(contentsOf: Self.brokenFolder.appendingPathComponent(name))
        // Loaded under its bare name, as `validate` run from the folder prints it.
        let folderFile = Self.brokenFolder.appendingPathComponent(name).path
        let (_, issues) = ScenarioLoader.load(data: data, file: folderFile)
        let lines = issues.map { ScenarioIssue(file: name, path: $0.path, message: $0.message, line: $0.line, column: $0.column).description }
        #expect(lines == Self.expectedLines[name] ?? [], "\(name)")
        #expect(!issues.isEmpty)
    }

    @Test func theBundledLibraryIsValid() throws {
        let result = try ScenarioLoader.load(paths: [TestPaths.packageRoot.appendingPathComponent("Scenarios").path])
        #expect(result.issues.map(\.description) == [])
        #expect(!result.scenarios.isEmpty)
    }

    @Test func aValidScenarioDecodesEveryStepKind() throws {
        let json = """
            {"format":"sync-verifier/scenario@1","name":"all-kinds","checklist":["ops.audit-rollback"],
             "crm":{"dialect":"salesforce","org":"partner-channel"},
             "connector":{"pollIntervalSeconds":0.5,"conflictPolicy":"crm-wins",
                          "filters":[{"side":"prm","object":"partners","field":"status","in":["active"]}]},
             "setup":[{"act":"create","side":"crm","object":"Account","fields":{"Name":"Old ${n}"},"count":3}],
             "steps":[
               {"checkpoint":"start"},
               {"act":"create","side":"crm","object":"Account","fields":{"Name":"Initech"},"bind":"acct","sentinels":true},
               {"inject":{"type":"latency","latencyMs":50},"side":"crm","bind":"slow"},
               {"clear":"slow","side":"crm"},
               {"clear":"all","side":"prm"},
               {"expect":"record","side":"prm","object":"partners","where":{"name":{"matches":"^North"}},"withinSeconds":1},
               {"expect":"noWrite","side":"crm","object":"Account","operation":"update","withinSeconds":0.1},
               {"waitSeconds":0.2,"note":"settle"},
               {"restart":"connector"},
               {"rollback":"start"},
               {"expect":"alert","object":"Account","recordId":"${acct.id}","withinSeconds":1}
             ]}
            """
        let (scenario, issues) = ScenarioLoader.load(data: Data(json.utf8), file: "/tmp/all-kinds.json")
        #expect(issues.map(\.description) == [])
        let steps = try #require(scenario).steps
        #expect(steps.map(\.keyword) == ["checkpoint", "act", "inject", "clear", "clear", "expect", "expect", "waitSeconds", "restart", "rollback", "expect"])
        #expect(steps[7].note == "settle")
        #expect(scenario?.setup.first.map { if case .act(let act) = $0.kind { act.count } else { 0 } } == 3)
        #expect(scenario?.connector.filters.first?.values == [.string("active")])
    }

    @Test func templatesKeepTheTypeOfAWholeReference() throws {
        let lookup: (Template.Reference) -> JSONValue? = { reference in
            reference.binding == "deal" ? (reference.attribute == "amount" ? .int(5000) : .string("dr_1")) : nil
        }
        #expect(try Template("${deal.amount}").resolve(lookup) == .int(5000))
        #expect(try Template("Deal ${deal.id} for ${deal.amount}").resolve(lookup) == .string("Deal dr_1 for 5000"))
        #expect(try Template(["a": "${deal.id}"]).resolve(lookup) == ["a": "dr_1"])
        #expect(throws: Template.Unresolved.self) { try Template("${other.id}").resolve(lookup) }
        #expect(Template.malformed(in: "${deal}") == ["'${deal}' must be '${name.attribute}' (letters, digits, _ and -)"])
    }

    @Test func matchersCompareAsAuthorsMeanIt() {
        let plain = { (template: Template) in template.value }
        #expect(Matcher.equals(Template(5000)).accepts(.double(5000.0), resolve: plain))
        #expect(Matcher.equals(Template(["A", "B"])).accepts(.string("A;B"), resolve: plain))
        // A number that arrives as text is the wrong type, not a match.
        #expect(!Matcher.equals(Template("5000")).accepts(.int(5000), resolve: plain))
        #expect(Matcher.matches("^Acme").accepts(.string("Acme Corp"), resolve: plain))
        #expect(Matcher.absent.accepts(.null, resolve: plain))
        #expect(!Matcher.present.accepts(nil, resolve: plain))
        #expect(Matcher.approximately(9.99, tolerance: 0.01).accepts(.double(10.0), resolve: plain))
        #expect(!Matcher.oneOf([Template("a"), Template("b")]).accepts(.string("c"), resolve: plain))
    }

    @Test func manifestsAreCheckedLikeScenarios() throws {
        let json = #"{"name":"x","command":[],"envMap":{"SV_CRM_URLL":"BASE"},"capabilities":{"control":"yes"},"extra":1}"#
        #expect {
            _ = try ConnectorManifest.decode(Data(json.utf8), file: "connector.json", folder: "/tmp")
        } throws: { error in
            let lines = (error as? ConnectorManifest.Invalid)?.issues.map(\.description) ?? []
            return lines == [
                "connector.json: extra: unknown key 'extra' (known: capabilities, command, env, envMap, files, name, startupTimeoutSeconds, version, workingDirectory)",
                "connector.json: command: give the program and its arguments",
                "connector.json: envMap.SV_CRM_URLL: 'SV_CRM_URLL' is not a contract variable (SV_CRM_DIALECT, SV_CRM_URL, SV_CRM_TOKEN_URL, SV_CRM_CLIENT_ID, SV_CRM_CLIENT_SECRET, SV_PRM_URL, SV_PRM_API_KEY, SV_ALERT_URL, SV_CONFIG, SV_STATE_DIR, SV_CA_BUNDLE, SV_CONTROL_PORT, SV_PROXY_URL, SV_CRM_REFRESH_TOKEN, SV_SYSTEMS)",
                "connector.json: capabilities.control: expected true or false, found a string",
            ]
        }
    }

    @Test func manifestFilesAreTemplatesOfContractVariablesAndUnknownNamesAreErrors() throws {
        let bad = #"{"name":"x","command":["tap","--config","${file:conf.json}"],"files":{"config.json":{"token":"${SV_CRM_REFRESH_TOKN}","n":[1,"${SV_CRM_URL"]},"../up":"x"}}"#
        #expect {
            _ = try ConnectorManifest.decode(Data(bad.utf8), file: "connector.json", folder: "/tmp")
        } throws: { error in
            let lines = (error as? ConnectorManifest.Invalid)?.issues.map(\.description) ?? []
            return lines.count == 4 && lines[0].hasPrefix("connector.json: files.../up: a file name inside")
                && lines.contains { $0.contains("files.config.json: unknown template variable ${SV_CRM_REFRESH_TOKN}") }
                && lines.contains { $0.contains("files.config.json: '${' is never closed") }
                && lines.last == "connector.json: command[2]: ${file:conf.json} names no file in files"
        }
        let good = #"{"name":"tap","command":["tap","--config","${file:config.json}","--state","${SV_STATE_DIR}/state.json"],"files":{"config.json":{"refresh_token":"${SV_CRM_REFRESH_TOKEN}","client_id":"${SV_CRM_CLIENT_ID}","price":"$${not a template}","select_fields_by_default":true},"notes.txt":"for ${SV_CRM_URL}"}}"#
        let manifest = try ConnectorManifest.decode(Data(good.utf8), file: "connector.json", folder: "/tmp")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sv-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["SV_CRM_REFRESH_TOKEN": "r3fresh", "SV_CRM_CLIENT_ID": "client", "SV_STATE_DIR": "/state", "SV_CRM_URL": "https://x"]
        let command = try ManifestFiles.prepare(manifest, environment: environment, folder: folder)
        #expect(command == ["tap", "--config", folder.appendingPathComponent("config.json").path, "--state", "/state/state.json"])
        let config = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: folder.appendingPathComponent("config.json")))
        #expect(config == ["refresh_token": "r3fresh", "client_id": "client", "price": "${not a template}", "select_fields_by_default": true])
        #expect(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8) == "for https://x")
        let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("config.json").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aManifestThatIsNotStrictJSONNamesItsLineAndColumn() {
        let json = "{\n  \"name\": \"x\",\n  \"command\": [\"python3\", \"x.py\"],\n}\n"
        #expect {
            _ = try ConnectorManifest.decode(Data(json.utf8), file: "connector.json", folder: "/tmp")
        } throws: { error in
            (error as? ConnectorManifest.Invalid)?.issues.map(\.description) == ["connector.json:3:33: trailing comma before '}'"]
        }
    }

    /// The first scenario a reader of `Scenarios/README.md` copies must be valid as printed.
    @Test func theScenarioReadmeExampleValidates() throws {
        let readme = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("Scenarios/README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## A first scenario\n```json\n"))
        let end = try #require(readme.range(of: "\n```", range: section.upperBound..<readme.endIndex))
        let example = String(readme[section.upperBound..<end.lowerBound])
        let file = TestPaths.packageRoot.appendingPathComponent("Scenarios/README-example.json").path
        let (scenario, issues) = ScenarioLoader.load(data: Data(example.utf8), file: file)
        #expect(issues.isEmpty, "\(issues)")
        #expect(scenario?.name == "deal-registration-to-opportunity")
    }

    @Test func aFolderWithAManifestValidatesItAsAManifest() throws {
        let result = try ScenarioLoader.load(paths: [TestPaths.packageRoot.appendingPathComponent("Examples/python-connector").path])
        #expect(result.issues.isEmpty, "\(result.issues)")
        #expect(result.scenarios.map(\.name) == ["my-first-scenario"])
        #expect(result.manifests.map { URL(fileURLWithPath: $0).lastPathComponent } == ["connector.json"])
    }

    @Test func aRequestsExpectationNamesExactlyTheRequestLogsFields() {
        let entry = RequestLogEntry(
            sequence: 1, time: Date(), method: "GET", path: "/x", route: "GET /x", status: nil, connection: "reset", credential: nil, faults: [],
            throttled: false, sentDuringBackoff: false)
        #expect(Set(Expectation.requestFields(of: entry).keys) == Set(Expectation.requestFields))
        #expect(Expectation.requestFields.count == Set(Expectation.requestFields).count)
    }
}
