import FakeKit
import Foundation
import Testing
@testable import SyncVerifier

@Suite("Scorer on hand-built evidence", .tags(.inMemory))
struct ScorerTests {
    typealias B = EvidenceBuilder

    func card(_ runs: [ScenarioEvidence]) -> Scorecard { Scorer().score(runs, connector: "test", seed: 1, durationSeconds: 10) }

    @Test func everyVerdictState() {
        var passing = B("a", checklist: ["flow.deal-registration", "ops.audit-rollback"])
        passing.step("expect", "record", .passed, at: 1, met: 2, side: "crm", object: "Opportunity", checklist: ["flow.deal-registration"])
        passing.step("rollback", "rollback", .unsupported, at: 3, checklist: ["ops.audit-rollback"])
        var mixed = B("b", checklist: ["flow.mdf", "control.filters"])
        mixed.step("expect", "record", .passed, at: 1, met: 1.5, side: "crm")
        mixed.step("expect", "record", .failed, at: 2, side: "prm", object: "MDFRequest", detail: "after 10.0 s: no MDFRequest on the prm side matches {}")
        mixed.step("expect", "noWrite", .passed, at: 3)
        var failing = B("c", checklist: ["control.field-direction"])
        failing.step("expect", "noWrite", .failed, at: 1, detail: "2 connector writes")
        passing.didWork()
        mixed.didWork()
        failing.didWork()
        let scorecard = card([passing.build(), mixed.build(), failing.build()])
        #expect(scorecard.item("flow.deal-registration")?.status == .pass)
        #expect(scorecard.item("ops.audit-rollback")?.status == .unsupported)
        #expect(scorecard.item("flow.mdf")?.status == .partial)
        #expect(scorecard.item("flow.mdf")?.fraction == 0.667)
        #expect(scorecard.item("control.field-direction")?.status == .fail)
        #expect(scorecard.item("flow.lead-passing")?.status == .notRun)
        #expect(scorecard.item("flow.lead-passing")?.summary == "no scenario in this run gives evidence for it")
        // Every item is reported, and not-run never counts as a pass.
        #expect(scorecard.items.count == 36)
        #expect(scorecard.items.filter { $0.status == .pass }.allSatisfy { !$0.evidence.isEmpty })
    }

    @Test func aLostRecordFailsNoLossInEveryScenario() {
        var run = B("lost", checklist: ["flow.partner-records"])
        run.step("expect", "record", .failed, at: 1, side: "crm", object: "Account", detail: "after 10.0 s: no Account on the crm side matches {Name: \"Contoso\"}")
        let scorecard = card([run.build()])
        #expect(scorecard.item("integrity.no-loss")?.status == .fail)
        #expect(scorecard.metrics.integrity.lost == 1)
    }

    @Test func aDuplicateThatAppearsLateIsFound() {
        var run = B("dup", checklist: ["flow.deal-registration"])
        run.write("prm", "partner-user:pc_1", .create, "DealRegistration", "dr_000001", at: 0, after: ["customerName": "Globex"])
        run.write("crm", B.connectorCRM, .create, "Opportunity", "006000000000001AAA", at: 1, after: ["Deal_Registration_Id__c": "dr_000001"])
        // Forty seconds later a retried sync makes a second one.
        run.write("crm", B.connectorCRM, .create, "Opportunity", "006000000000002AAA", at: 41, after: ["Deal_Registration_Id__c": "dr_000001"])
        let scorecard = card([run.build()])
        #expect(scorecard.metrics.integrity.duplicated == 1)
        let verdict = scorecard.item("integrity.no-duplicates")
        #expect(verdict?.status == .fail)
        #expect(verdict?.summary.contains("2 Opportunity on the crm side carry Deal_Registration_Id__c = dr_000001") == true)
    }

    @Test func aDeletedDuplicateIsNotCounted() {
        var run = B("fixed", checklist: [])
        run.write("prm", "partner-user:pc_1", .create, "DealRegistration", "dr_000001", at: 0, after: [:])
        run.write("crm", B.connectorCRM, .create, "Opportunity", "006A", at: 1, after: ["Deal_Registration_Id__c": "dr_000001"])
        run.write("crm", B.connectorCRM, .create, "Opportunity", "006B", at: 2, after: ["Deal_Registration_Id__c": "dr_000001"])
        run.write("crm", B.connectorCRM, .delete, "Opportunity", "006B", at: 3, before: ["Deal_Registration_Id__c": "dr_000001"])
        #expect(card([run.build()]).metrics.integrity.duplicated == 0)
    }

    @Test func echoesAreNoOpWritesAndFlipBacks() {
        var run = B("echo", checklist: [])
        run.write("crm", B.salesUser, .update, "Account", "001A", at: 0, before: ["Phone": "1"], after: ["Phone": "2"], channel: "ui")
        run.write("prm", B.connectorPRM, .update, "Partner", "prt_1", at: 1, before: ["phone": "1"], after: ["phone": "2"])
        // The connector writes the CRM record again with the same values: nothing changed.
        run.write("crm", B.connectorCRM, .update, "Account", "001A", at: 2, before: ["Phone": "2", "SystemModstamp": "a"], after: ["Phone": "2", "SystemModstamp": "b"])
        // And flips the PRM record back and forth with no one else acting.
        run.write("prm", B.connectorPRM, .update, "Partner", "prt_1", at: 3, before: ["phone": "2"], after: ["phone": "3"])
        run.write("prm", B.connectorPRM, .update, "Partner", "prt_1", at: 4, before: ["phone": "3"], after: ["phone": "2"])
        let scorecard = card([run.build()])
        #expect(scorecard.metrics.integrity.echoed == 2)
        #expect(scorecard.item("integrity.no-echo")?.status == .fail)
    }

    @Test func aSourceThatWentBackAndForthReplayedLateIsNotAnEcho() {
        var run = B("replay", checklist: [])
        // Sales reopens a won deal and wins it again while the PRM is down …
        run.write("crm", B.salesUser, .update, "Opportunity", "006A", at: 1, before: ["StageName": "Closed Won"], after: ["StageName": "Negotiation/Review"], channel: "ui")
        run.write("crm", B.salesUser, .update, "Opportunity", "006A", at: 3, before: ["StageName": "Negotiation/Review"], after: ["StageName": "Closed Won"], channel: "ui")
        // … and the connector replays both, in order, once it is back.
        run.write("prm", B.connectorPRM, .update, "DealRegistration", "dr_1", at: 5, before: ["stage": "Closed Won"], after: ["stage": "Negotiation/Review"])
        run.write("prm", B.connectorPRM, .update, "DealRegistration", "dr_1", at: 5.5, before: ["stage": "Negotiation/Review"], after: ["stage": "Closed Won"])
        #expect(card([run.build()]).metrics.integrity.echoed == 0)
        // Had the source stayed reopened, the flip back would be the connector's own doing.
        var stale = B("stale", checklist: [])
        stale.write("crm", B.salesUser, .update, "Opportunity", "006A", at: 1, before: ["StageName": "Closed Won"], after: ["StageName": "Negotiation/Review"], channel: "ui")
        stale.write("prm", B.connectorPRM, .update, "DealRegistration", "dr_1", at: 5, before: ["stage": "Closed Won"], after: ["stage": "Negotiation/Review"])
        stale.write("prm", B.connectorPRM, .update, "DealRegistration", "dr_1", at: 5.5, before: ["stage": "Negotiation/Review"], after: ["stage": "Closed Won"])
        #expect(card([stale.build()]).metrics.integrity.echoed == 1)
    }

    @Test func aRetriedWriteIsNotAnEcho() {
        var run = B("retry", checklist: [])
        run.write("prm", B.connectorPRM, .update, "DealRegistration", "dr_1", at: 1, before: ["crmOpportunityId": nil], after: ["crmOpportunityId": "006A"])
        // The answer was lost; the same PATCH again a moment later changes nothing.
        run.write("prm", B.connectorPRM, .update, "DealRegistration", "dr_1", at: 1.2, before: ["crmOpportunityId": "006A"], after: ["crmOpportunityId": "006A"])
        #expect(card([run.build()]).metrics.integrity.echoed == 0)
        // The same no-op long after, with nothing new, is a re-sync of its own write.
        run.write("prm", B.connectorPRM, .update, "DealRegistration", "dr_1", at: 30, before: ["crmOpportunityId": "006A"], after: ["crmOpportunityId": "006A"])
        #expect(card([run.build()]).metrics.integrity.echoed == 1)
    }

    @Test func sentinelsAreTracedWhateverTheFieldIsCalled() {
        var run = B("coverage", checklist: ["flow.field-coverage"])
        let sentinels: [(String, String, JSONValue)] = [
            ("Name", "string", "SV-AB1"), ("Website", "url", "https://sentinel.example/ab2"), ("AnnualRevenue", "currency", 40003.37),
            ("Founded__c", "date", "2019-04-04"), ("Audit__c", "datetime", "2018-04-04T06:03:03.123+0000"),
            ("Regions__c", "multipicklist", "EMEA;NA"), ("Active__c", "boolean", true), ("Employees__c", "int", 7000009),
            ("Tier__c", "picklist", "Gold"),
        ]
        run.sentinels = sentinels.map { Sentinel(side: .crm, object: "Account", recordId: "001A", field: $0.0, type: $0.1, value: $0.2) }
        run.write("prm", B.connectorPRM, .create, "Partner", "prt_9", at: 2, after: [
            "name": "SV-AB1",  // intact, renamed field
            "site": "https://sentinel.example/ab2",
            "revenue": "40003.37",  // a number that arrives as text: the wrong type
            "founded": "2019-04-04",
            "audit": "2018-04-04T08:03:03.123+02:00",  // the same instant in another zone: intact
            "regions": ["NA", "EMEA"],  // a multi-select as a list, other order: intact
            "active": true,
            "tier": "gold",  // case changed: altered
            // Employees__c never arrives.
        ])
        let scorecard = card([run.build()])
        let coverage = scorecard.metrics.fieldCoverage
        #expect(coverage.traced == 9)
        #expect(coverage.byType["string"]?.intact == 1)
        #expect(coverage.byType["currency"]?.intact == 0)
        #expect(coverage.byType["currency"]?.arrived == 1)
        #expect(coverage.byType["datetime"]?.intact == 1)
        #expect(coverage.byType["multipicklist"]?.intact == 1)
        #expect(coverage.byType["picklist"]?.intact == 0)
        #expect(coverage.byType["int"]?.arrived == 0)
        #expect(coverage.intact == 6)
        // Missing values are an honest share; altered ones are corruption, which fails the item.
        let verdict = scorecard.item("flow.field-coverage")
        #expect(verdict?.status == .fail)
        #expect(verdict?.evidence.first?.detail == "6 of 9 sentinel values arrived intact; missing: Account.Employees__c")
        #expect(verdict?.summary.contains("corrupted") == true)
        #expect(scorecard.scenarios[0].verdict == .failed)
    }

    @Test func aDateTimeThatLostItsZoneArrivesAltered() {
        let sentinel = Sentinel(side: .crm, object: "Account", recordId: "001A", field: "Audit__c", type: "datetime", value: "2018-04-04T06:03:03.123+0000")
        #expect(SentinelTracer.compare(sentinel, to: "2018-04-04T06:03:03.123Z") == .intact)
        #expect(SentinelTracer.compare(sentinel, to: "2018-04-04T06:03:03.123-05:00").isAltered)
        #expect(SentinelTracer.compare(sentinel, to: "2018-04-04").isAltered)
        #expect(SentinelTracer.compare(sentinel, to: "something else") == .missing)
    }

    @Test func numbersThatLostTheirScaleArriveAltered() {
        let percent = Sentinel(side: .crm, object: "Partner_Event__c", recordId: "a01A", field: "Attendance_Rate__c", type: "percent", value: .double(12.5))
        #expect(SentinelTracer.compare(percent, to: .double(12.5)) == .intact)
        #expect(SentinelTracer.compare(percent, to: .double(0.125)).isAltered)
        let currency = Sentinel(side: .crm, object: "Partner_Event__c", recordId: "a01A", field: "Budget__c", type: "currency", value: .double(40003.37))
        #expect(SentinelTracer.compare(currency, to: .double(40003.4)).isAltered)
        #expect(SentinelTracer.compare(currency, to: "40003.37").isAltered)
    }

    @Test func lagIsTheTargetWriteAfterTheSourceAct() {
        var run = B("lag", checklist: ["flow.latency"])
        run.step("act", "create", .passed, at: 1, met: 1, side: "prm", object: "deal-registrations")
        run.step("expect", "record", .passed, at: 1, met: 3.5, side: "crm", object: "Opportunity")
        run.step("act", "update", .passed, at: 4, met: 4, side: "crm", object: "Opportunity")
        run.step("expect", "record", .passed, at: 4, met: 4.5, side: "prm", object: "deal-registrations")
        let lag = card([run.build()]).metrics.lag
        #expect(lag.samples == [0.5, 2.5])
        #expect(lag.max == 2.5)
    }

    @Test func alertRecallLatencyAndFalseAlerts() {
        var failing = B("injected", checklist: ["ops.alerts"])
        failing.step("inject", "drift", .passed, at: 1)
        failing.step("expect", "alert", .passed, at: 1, met: 3)
        failing.step("expect", "alert", .failed, at: 4, detail: "no alert naming record 006B (1 alerts received)")  // named the wrong record
        failing.didWork()
        var clean = B("clean", checklist: ["ops.alerts"])
        clean.alerts = [Alert(time: B.at(2), severity: "error", message: "spurious", object: nil, recordId: nil, body: "{}")]
        let scorecard = card([failing.build(), clean.build()])
        #expect(scorecard.metrics.alerts.expected == 2)
        #expect(scorecard.metrics.alerts.raised == 1)
        #expect(scorecard.metrics.alerts.recall == 0.5)
        #expect(scorecard.metrics.alerts.latency.p50 == 2)
        #expect(scorecard.metrics.alerts.falseAlerts == 1)
        // An injected failure nobody was told about is a silent failure: the item fails, whatever else passed.
        #expect(scorecard.item("ops.alerts")?.status == .fail)
        #expect(scorecard.item("ops.alerts")?.summary.hasPrefix("severe: 1 failure (failed); injected steps[2]") == true)
    }

    @Test func incentivesBookedTwiceFailTheFlow() {
        var run = B("won", checklist: ["flow.closed-won-incentives"])
        run.write("prm", B.connectorPRM, .update, "DealRegistration", "dr_1", at: 1, before: ["status": "approved"], after: ["status": "won"])
        for kind in ["commission", "rebate", "commission"] {
            run.write("prm", B.connectorPRM, .create, "Incentive", "inc_\(kind)\(run.prm.count)", at: 1, after: ["entry": "booking", "kind": .string(kind), "registrationId": "dr_1"])
        }
        let scorecard = card([run.build()])
        #expect(scorecard.metrics.integrity.wonDealsNotBookedOnce == 1)
        #expect(scorecard.item("flow.closed-won-incentives")?.status == .fail)
    }

    @Test func writesByOtherCredentialsAreForeign() {
        var run = B("creds", checklist: ["security.credentials"])
        run.write("crm", "someone-elses-app", .create, "Account", "001Z", at: 1, after: ["Name": "X"])
        let scorecard = card([run.build()])
        #expect(scorecard.metrics.integrity.foreignWrites == 1)
        #expect(scorecard.item("security.credentials")?.status == .fail)
    }

    @Test func rollbackMetricsComeFromTheRollbackEvidence() {
        var run = B("rollback", checklist: ["ops.audit-rollback"])
        run.rollbacks = [RollbackEvidence(
            checkpoint: "c", checkpointTime: B.at(1), requestedAt: B.at(5), answer: "200", restored: ["a", "b"],
            missed: [.init(side: "crm", recordId: "c", detail: "Amount is 2, was 1")], collateral: ["d"])]
        run.step("rollback", "rollback", .failed, at: 5, detail: "2 restored, 1 missed, 1 collateral")
        let scorecard = card([run.build()])
        #expect(scorecard.metrics.rollback == Metrics.RollbackMetrics(requested: 1, restored: 2, missed: 1, collateral: 1, unsupported: 0))
        #expect(scorecard.item("ops.audit-rollback")?.status == .fail)
    }

    /// The scorer judges a rollback from the journals and the marks the runner left:
    /// a record put back is restored, one left changed is missed, a person's later
    /// edit is kept, and a record touched only after the answer is collateral.
    @Test func rollbacksAreJudgedFromTheJournals() throws {
        var run = B("rollback-journal", checklist: ["ops.audit-rollback"])
        let rep = B.salesUser
        run.write("crm", "harness", .create, "Contact", "003A", at: 0.1, after: ["LastName": "A", "Title": "Old"], channel: "seed")
        run.write("crm", "harness", .create, "Contact", "003B", at: 0.1, after: ["LastName": "B", "Title": "Old"], channel: "seed")
        run.write("crm", "harness", .create, "Contact", "003C", at: 0.1, after: ["LastName": "C"], channel: "seed")
        // checkpoint after sequence 3
        run.write("crm", B.connectorCRM, .update, "Contact", "003A", at: 2, before: ["LastName": "A", "Title": "Old"], after: ["LastName": "A", "Title": "New"])
        run.write("crm", B.connectorCRM, .update, "Contact", "003B", at: 2, before: ["LastName": "B", "Title": "Old"], after: ["LastName": "B", "Title": "New"])
        run.write("crm", rep, .update, "Contact", "003A", at: 3, before: ["LastName": "A", "Title": "New"], after: ["LastName": "Ames", "Title": "New"])
        run.write("crm", B.connectorCRM, .create, "Contact", "003D", at: 3.5, after: ["LastName": "D"])
        // answered after sequence 7: the rollback's own writes follow
        run.write("crm", B.connectorCRM, .update, "Contact", "003A", at: 5, before: ["LastName": "Ames", "Title": "New"], after: ["LastName": "Ames", "Title": "Old"])
        run.write("crm", B.connectorCRM, .delete, "Contact", "003D", at: 5, before: ["LastName": "D"])
        run.write("crm", B.connectorCRM, .update, "Contact", "003C", at: 5, before: ["LastName": "C"], after: ["LastName": "C", "Title": "Oops"])
        run.rollbacks = [RollbackEvidence(
            checkpoint: "c", step: "steps[0]", checkpointTime: B.at(1), requestedAt: B.at(4), answer: "200",
            marks: ["crm": .init(checkpoint: 3, answered: 7, settled: 10), "prm": .init(checkpoint: 0, answered: 0, settled: 0)])]
        run.step("rollback", "rollback", .passed, at: 4, detail: "POST /rollback answered 200")
        let scorecard = card([run.build()])
        #expect(scorecard.metrics.rollback == Metrics.RollbackMetrics(requested: 1, restored: 2, missed: 1, collateral: 1, unsupported: 0))
        let item = try #require(scorecard.item("ops.audit-rollback"))
        #expect(item.status == .fail)
        #expect(item.summary.contains("2 restored, 1 missed, 1 collateral; 003B: Title is \"New\", should be \"Old\""), "\(item.summary)")
        let scenario = try #require(scorecard.scenarios.first)
        #expect(scenario.verdict == .failed)
    }

    @Test func theScoreWeighsFlowsMostAndLeavesOutWhatWasNotRun() {
        var run = B("w", checklist: ["flow.mdf", "setup.historical"])
        run.step("expect", "record", .passed, at: 1, met: 2, side: "crm")
        run.didWork()
        let items = card([run.build()]).items
        // flow.mdf (3) and setup.historical (1) pass; the every-scenario integrity items pass too.
        #expect(Weights.score(items) == 100)
        var failed = items
        failed[failed.firstIndex { $0.id == "setup.historical" }!].status = .fail
        let total = failed.compactMap { Weights.value($0) == nil ? nil : Weights.weight($0.id) }.reduce(0, +)
        #expect(Weights.score(failed) == ((total - 1) / total * 1000).rounded() / 10)
    }

    @Test func theGateExplainsItselfInOneLine() {
        var run = B("g", checklist: ["flow.mdf"])
        run.step("expect", "record", .failed, at: 1, side: "crm", object: "MDF_Request__c", detail: "after 10.0 s: no MDF_Request__c on the crm side matches {}")
        run.verdict = .failed
        run.didWork()
        let scorecard = card([run.build()])
        let strict = Gate(minScore: 90, required: ["flow.mdf"]).evaluate(scorecard)
        #expect(!strict.passed)
        #expect(strict.reason.hasPrefix("score "))
        #expect(strict.reason.contains("flow.mdf is fail, not pass"))
        #expect(!strict.reason.contains("\n"))
        #expect(Gate().evaluate(scorecard).reason == "1 of 1 scenario failed (first: g)")
        #expect(Gate(minScore: 0).evaluate(scorecard).passed)
        #expect(Gate(required: ["flow.nope"]).unknownRequirements == ["flow.nope"])
    }
}
