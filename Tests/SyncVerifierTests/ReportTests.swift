import FakeKit
import Foundation
import Testing
@testable import SyncVerifier

/// The reports' wording on hand-built scorecards: a score always says what it
/// is over, compare says when runs are not alike, counts are in good English.
@Suite("Reports", .tags(.inMemory))
struct ReportTests {
    /// One scenario that names setup.time-to-live and passes its expectation after 3.5 s.
    static func card(connector: String = "acme", seed: UInt64 = 1, scenario: String = "live", dialect: String = "salesforce") -> Scorecard {
        var builder = EvidenceBuilder(scenario, checklist: ["setup.time-to-live"])
        builder.didWork()
        builder.step("expect", "count", .passed, at: 0, met: 3.5, side: "crm", object: "Opportunity", detail: "1 match")
        let evidence = builder.build()
        var card = Scorer().score([evidence], connector: connector, seed: seed, durationSeconds: 10)
        let manifest = ConnectorManifest(name: connector, command: ["python3", "acme sync.py"], workingDirectory: "/", version: "2.4.1")
        let loaded = Scenario(
            file: "\(scenario).json", name: scenario, description: "", checklist: [],
            systems: [
                .init(id: .crm, role: .vendor, crm: .init(dialect: dialect, org: "partner-channel"), prm: nil, partner: nil),
                .init(id: .prm, role: .prm, crm: nil, prm: .init(program: "default"), partner: nil),
            ],
            connector: ConnectorSettings(), setup: [], steps: [], timeoutSeconds: 60)
        card.run = RunDescription(manifest: manifest, scenarios: [loaded], evidence: [evidence])
        return card
    }

    @Test func everyHeadlineSaysHowManyItemsTheScoreIsOver() {
        let card = Self.card()
        let ran = card.items.filter { $0.status != .notRun }.count
        #expect(ran < 36)
        let terminal = TerminalReport.render(card)
        #expect(terminal.hasPrefix("Scorecard for acme: score \(ReportFormatting.number(card.score, digits: 1)) over \(ran) of 36 items, 1 of 1 scenario passed"))
        #expect(terminal.contains("\(36 - ran) of 36 items did not run"))
        #expect(MarkdownReport.render(card).contains("** over \(ran) of 36 items · 1 of 1 scenario passed"))
        #expect(HTMLReport.render(card).contains("over <span class=\"coverage\">\(ran) of 36 items</span>"))
        #expect(ComparisonReport.text([card, card]).contains("items run"))
    }

    @Test func theTimeItemsShowWhatWasMeasured() {
        let card = Self.card()
        let item = card.item("setup.time-to-live")!
        #expect(ReportFormatting.measured(item) == "measured 3.50 s")
        #expect(ReportFormatting.measured(card.item("flow.latency")!) == nil)
        #expect(TerminalReport.render(card).contains("setup.time-to-live               measured 3.50 s;"))
        #expect(HTMLReport.render(card).contains("<div class=\"measured\">measured 3.50 s</div>"))
    }

    @Test func theHTMLReportStatesTheRunAndLinksTheEvidence() {
        let html = HTMLReport.render(Self.card())
        #expect(html.contains("<tr class=\"harness\"><th>Harness</th><td>sync-verifier \(Harness.version)</td></tr>"))
        #expect(html.contains("acme <span class=\"version\">version 2.4.1</span>"))
        #expect(html.contains("<code>python3 &apos;acme sync.py&apos;</code>"))
        #expect(html.contains("<tr class=\"dialect\"><th>CRM dialect</th><td>salesforce</td></tr>"))
        #expect(html.contains("href=\"live/evidence.json\"") && html.contains("href=\"live/connector.stderr\""))
    }

    @Test func junitGivesEachScenarioItsStartAndEachCaseAReadableName() {
        let xml = JUnitReport.render(Self.card())
        #expect(xml.contains("timestamp=\"\(JUnitReport.timestamp(EvidenceBuilder.t0))\""))
        #expect(xml.contains("<testcase name=\"step 1 expects a count\""))
        #expect(xml.contains("<property name=\"dialect\" value=\"salesforce\"/>"))
    }

    @Test func compareWarnsWhenRunsAreNotAlike() {
        let base = Self.card(connector: "a")
        #expect(ComparisonReport.warnings([base, Self.card(connector: "b")]).isEmpty)
        let other = Self.card(connector: "b", seed: 7, scenario: "other", dialect: "hubspot")
        let warnings = ComparisonReport.warnings([base, other])
        #expect(warnings == [
            "the runs played different scenarios: a ran 1 scenario (not other); b ran 1 scenario (not live)",
            "the runs used different seeds: a 1, b 7",
            "the runs used different CRM dialects: a salesforce, b hubspot",
        ])
        #expect(ComparisonReport.text([base, other]).hasPrefix("warning: the runs played different scenarios"))
        #expect(ComparisonReport.markdown([base, other]).contains("> ⚠️ **Warning:** the runs used different seeds: a 1, b 7"))
        #expect(ComparisonReport.html([base, other]).contains("<p class=\"warning\">Warning: the runs used different CRM dialects"))
    }

    @Test func countsAgreeWithTheirNouns() {
        #expect(Plural.of(1, "scenario") == "1 scenario")
        #expect(Plural.of(0, "problem") == "0 problems")
        #expect(Plural.of(1, "piece of evidence", "pieces of evidence") == "1 piece of evidence")
        #expect(Plural.of(2, "piece of evidence", "pieces of evidence") == "2 pieces of evidence")
    }

    @Test func shellWordsAreQuotedOnlyWhenTheyMustBe() {
        #expect(ShellQuote.quote("python3") == "python3")
        #expect(ShellQuote.quote("https://127.0.0.1:4431/x") == "https://127.0.0.1:4431/x")
        #expect(ShellQuote.quote("a b") == "'a b'")
        #expect(ShellQuote.quote("it's") == "'it'\\''s'")
        #expect(ShellQuote.quote("") == "''")
    }
}
