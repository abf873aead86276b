import FakeCRM
import FakeKit
import Foundation
import Testing
@testable import SyncVerifier

/// The judges on hand-built evidence: no pass without the connector's work,
/// severe failures, partner isolation, won amounts, capabilities not declared.
@Suite("Judges on hand-built evidence", .tags(.inMemory))
struct JudgeTests {
    typealias B = EvidenceBuilder

    func card(_ runs: [ScenarioEvidence]) -> Scorecard { Scorer().score(runs, connector: "acme", seed: 1, durationSeconds: 10) }

    static let flowIntegritySecurity = ChecklistCatalogue.items.map(\.id).filter { $0.hasPrefix("flow.") || $0.hasPrefix("integrity.") || $0.hasPrefix("security.") }

    /// A flow scenario the connector never took part in: its expectations
    /// fail, a negative one passes trivially, nothing harmful is found.
    func idleScenario(_ name: String, started: Bool) -> ScenarioEvidence {
        var run = B(name, checklist: ["flow.deal-registration", "control.filters", "integrity.no-duplicates"])
        run.started = started
        run.step("act", "create", .passed, at: 0.5, met: 0.5, side: "prm", object: "deal-registrations")
        run.step("expect", "record", .failed, at: 1, side: "crm", object: "Opportunity", detail: "after 10.0 s: no Opportunity on the crm side matches {}")
        run.step("expect", "noRecord", .passed, at: 11, met: 12, side: "crm", object: "Account")
        run.verdict = .failed
        return run.build()
    }

    @Test(arguments: [false, true])
    func aConnectorThatNeverWorkedPassesNoFlowIntegrityOrSecurityItem(started: Bool) {
        let scorecard = card([idleScenario("one", started: started), idleScenario("two", started: started)])
        for id in Self.flowIntegritySecurity {
            #expect(scorecard.item(id)?.status != .pass, "\(id): \(scorecard.item(id)?.summary ?? "")")
        }
        // The negative check held only because nothing happened: that is no evidence.
        #expect(scorecard.item("control.filters")?.status == .fail)
        #expect(scorecard.item("integrity.no-duplicates")?.evidence.contains { $0.outcome == "no evidence" } == true)
        for gate in [Gate(), Gate(minScore: 0), Gate(required: ["integrity.no-loss", "security.credentials"])] {
            let result = gate.evaluate(scorecard)
            #expect(!result.passed)
            #expect(result.reason.contains("the connector 'acme'"), "\(result.reason)")
        }
        let reason = Gate(minScore: 0).evaluate(scorecard).reason
        #expect(reason.contains(started ? "did no work: it started but wrote nothing in any of the 2 scenarios" : "never started in 2 of 2 scenarios"), "\(reason)")
    }

    @Test func aScenarioThatCouldNotBeBuiltIsNotTheConnectorsFault() {
        var broken = B("broken-world", checklist: ["flow.mdf"])
        broken.started = false
        broken.verdict = .error
        var good = B("good", checklist: ["flow.mdf"])
        good.step("expect", "record", .passed, at: 1, met: 2, side: "crm", object: "MDF_Request__c")
        good.didWork()
        let scorecard = card([broken.build(), good.build()])
        #expect(!Gate(minScore: 0).evaluate(scorecard).reason.contains("never started"))
    }

    @Test func aCountThatStaysShortIsALossAndAWrongValueIsNot() {
        var run = B("short", checklist: ["ops.throttling"])
        run.step("expect", "count", .failed, at: 1, side: "prm", object: "direct-opportunities",
                 detail: "after 60.0 s: 11 direct-opportunities match {amount: 9000.13} (expected 12)")
        run.step("expect", "record", .failed, at: 2, side: "crm", object: "Opportunity", detail: "after 10.0 s: Opportunity 006A has StageName = \"Prospecting\"")
        run.didWork()
        let verdict = card([run.build()]).item("integrity.no-loss")
        #expect(verdict?.status == .fail)
        #expect(verdict?.evidence.filter { $0.outcome == "lost" }.map(\.detail) == ["lost 1 of 12: after 60.0 s: 11 direct-opportunities match {amount: 9000.13} (expected 12)"])
    }

    @Test func requestsDuringBackoffAreSevereWhereverTheyHappen() {
        var run = B("somewhere", checklist: ["flow.partner-records"])
        run.step("expect", "record", .passed, at: 1, met: 2, side: "crm", object: "Account")
        run.didWork()
        var evidence = run.build()
        evidence.requests = ["prm": RequestSummary(total: 40, throttled: 3, sentDuringBackoff: 2)]
        let scorecard = card([evidence])
        #expect(scorecard.item("ops.throttling")?.status == .fail)
        #expect(scorecard.item("ops.throttling")?.summary.hasPrefix("severe: 1 failure (back-off ignored)") == true)
        #expect(scorecard.scenarios[0].verdict == .failed)
        #expect(scorecard.scenarios[0].reason?.hasPrefix("ops.throttling: 3 requests throttled, 2 sent while told to back off (2 to the prm)") == true)
        #expect(!Gate().evaluate(scorecard).passed)
    }

    /// Contoso and Northwind in the PRM, their accounts in the CRM, and a CRM lead passed to Contoso.
    func partnerWorld() -> B {
        var run = B("partners", checklist: ["flow.lead-passing"])
        run.write("prm", "harness", .create, "Partner", "pa_contoso", at: 0, after: ["name": "Contoso"], channel: "seed")
        run.write("prm", "harness", .create, "Partner", "pa_northwind", at: 0, after: ["name": "Northwind"], channel: "seed")
        run.write("crm", B.connectorCRM, .create, "Account", "001CONTOSO", at: 1, after: ["Name": "Contoso", "PRM_Partner_Id__c": "pa_contoso"])
        run.write("crm", B.connectorCRM, .create, "Account", "001NORTHWIND", at: 1, after: ["Name": "Northwind", "PRM_Partner_Id__c": "pa_northwind"])
        run.write("crm", B.salesUser, .create, "Lead", "00QLEAD", at: 2, after: ["LastName": "Raman", "Partner_Account__c": "001CONTOSO"])
        run.write("prm", B.connectorPRM, .create, "Lead", "ld_1", at: 3, after: ["partnerId": "pa_contoso", "lastName": "Raman", "crmLeadId": "00QLEAD"])
        run.step("expect", "record", .passed, at: 2, met: 3, side: "prm", object: "leads")
        return run
    }

    @Test func eachPartnerScopedRecordUnderItsOwnPartnerPasses() {
        let scorecard = card([partnerWorld().build()])
        #expect(scorecard.item("security.partner-isolation")?.status == .pass, "\(scorecard.item("security.partner-isolation")?.summary ?? "")")
    }

    @Test func aCopyForAnotherPartnerIsALeakEvenWhenTheRightPartnerHasIt() {
        var run = partnerWorld()
        run.write("prm", B.connectorPRM, .create, "Lead", "ld_2", at: 3.2, after: ["partnerId": "pa_northwind", "lastName": "Raman", "crmLeadId": "00QLEAD"])
        let scorecard = card([run.build()])
        let verdict = scorecard.item("security.partner-isolation")
        #expect(verdict?.status == .fail)
        #expect(verdict?.summary.contains("PRM Lead ld_2 is visible to partner pa_northwind, but its CRM source Lead 00QLEAD belongs to partner pa_contoso") == true, "\(verdict?.summary ?? "")")
        #expect(scorecard.scenarios[0].verdict == .failed)
    }

    @Test func aCopyWithoutTheCRMIdIsRecognisedByItsAddress() {
        var run = partnerWorld()
        run.write("crm", B.salesUser, .update, "Lead", "00QLEAD", at: 2.5, before: ["LastName": "Raman", "Partner_Account__c": "001CONTOSO"],
                  after: ["LastName": "Raman", "Email": "priya@tyrell.example", "Partner_Account__c": "001CONTOSO"])
        run.write("prm", B.connectorPRM, .create, "Lead", "ld_3", at: 3.4, after: ["partnerId": "pa_northwind", "lastName": "Raman", "email": "Priya@tyrell.example"])
        let verdict = card([run.build()]).item("security.partner-isolation")
        #expect(verdict?.status == .fail)
        #expect(verdict?.summary.contains("PRM Lead ld_3 is visible to partner pa_northwind") == true, "\(verdict?.summary ?? "")")
    }

    @Test func aCRMRecordLinkedToTheWrongPartnersAccountIsALeak() {
        var run = partnerWorld()
        run.write("prm", "partner-user:nina", .create, "DealRegistration", "dr_1", at: 4, after: ["partnerId": "pa_northwind", "customerName": "Globex"])
        run.write("crm", B.connectorCRM, .create, "Opportunity", "006OPP", at: 5, after: ["Name": "Globex", "Partner_Account__c": "001CONTOSO", "Deal_Registration_Id__c": "dr_1"])
        let verdict = card([run.build()]).item("security.partner-isolation")
        #expect(verdict?.status == .fail)
        #expect(verdict?.summary.contains("CRM Opportunity 006OPP is linked to partner pa_contoso's account, but carries PRM record dr_1 of partner pa_northwind") == true, "\(verdict?.summary ?? "")")
    }

    /// A registration won in the CRM at `crmAmount`, confirmed in the PRM at `confirmed` after that.
    func wonDeal(crmAmount: Double, confirmed: Double, crmLast: Bool = false) -> ScenarioEvidence {
        var run = B("won", checklist: ["flow.closed-won-incentives"])
        run.write("prm", "partner-user:nina", .create, "DealRegistration", "dr_9", at: 0, after: ["partnerId": "pa_x", "status": "approved"])
        run.write("crm", B.connectorCRM, .create, "Opportunity", "006WON", at: 1, after: ["Deal_Registration_Id__c": "dr_9", "StageName": "Prospecting", "Amount": .double(crmAmount)])
        run.write("crm", B.salesUser, .update, "Opportunity", "006WON", at: 2,
                  before: ["Deal_Registration_Id__c": "dr_9", "StageName": "Prospecting", "Amount": .double(crmAmount)],
                  after: ["Deal_Registration_Id__c": "dr_9", "StageName": "Closed Won", "Amount": .double(crmAmount)])
        run.write("prm", B.connectorPRM, .update, "DealRegistration", "dr_9", at: 3, before: ["partnerId": "pa_x", "status": "approved"],
                  after: ["partnerId": "pa_x", "status": "won", "confirmedAmount": .double(confirmed)])
        for kind in ["commission", "rebate"] {
            run.write("prm", "prm", .create, "Incentive", "in_\(kind)", at: 3, after: ["registrationId": "dr_9", "kind": .string(kind), "entry": "booking", "basis": .double(confirmed)])
        }
        if crmLast {
            run.write("crm", B.salesUser, .update, "Opportunity", "006WON", at: 4, before: ["Deal_Registration_Id__c": "dr_9", "StageName": "Closed Won", "Amount": .double(crmAmount)],
                      after: ["Deal_Registration_Id__c": "dr_9", "StageName": "Closed Won", "Amount": .double(crmAmount + 1)])
        }
        var evidence = run.build()
        evidence.crmDeal = DealShape(object: "Opportunity", stageField: "StageName", wonStages: ["Closed Won"], amountField: "Amount")
        return evidence
    }

    @Test func incentivesOnTheCRMsWonAmountPass() {
        #expect(card([wonDeal(crmAmount: 32000, confirmed: 32000)]).item("flow.closed-won-incentives")?.status == .pass)
    }

    @Test func aWonAmountReportedWrongPaysThePartnerWrong() {
        let verdict = card([wonDeal(crmAmount: 32000, confirmed: 64000)]).item("flow.closed-won-incentives")
        #expect(verdict?.status == .fail)
        #expect(verdict?.summary.contains("confirmed at 64000.0, so incentives were booked on 64000.0; the CRM's won Opportunity 006WON is 32000.0") == true, "\(verdict?.summary ?? "")")
    }

    @Test func aCorrectionStillInFlightIsNotJudgedWrong() {
        // The CRM changed the amount after the PRM's last word: the connector has not caught up yet.
        let verdict = card([wonDeal(crmAmount: 32000, confirmed: 32000, crmLast: true)]).item("flow.closed-won-incentives")
        #expect(verdict?.status != .fail)
    }

    @Test func rollbackWithoutADeclaredControlAPIIsUnsupported() {
        var run = B("rollback", checklist: ["ops.audit-rollback"])
        run.step("expect", "record", .passed, at: 1, met: 2, side: "crm", object: "Opportunity")
        run.step("rollback", "rollback", .unsupported, at: 3, detail: "the connector declares no control API")
        run.didWork()
        var evidence = run.build()
        evidence.connector.control = false
        let verdict = card([evidence]).item("ops.audit-rollback")
        #expect(verdict?.status == .unsupported)
        #expect(verdict?.summary.contains("declares no control API") == true)
    }
}
