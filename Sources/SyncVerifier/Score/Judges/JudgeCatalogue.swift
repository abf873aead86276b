/// Which judges decide each checklist item. Every item is judged on the
/// expectations of the scenarios that name it; the items below also have a
/// rule of their own over the journals, request logs and alerts — in every
/// scenario where the rule finds evidence, named or not, because loss,
/// duplicates, echoes, leaks, double payments and ignored back-off are
/// failures wherever they happen.
enum JudgeCatalogue {
    static let coverageItems: Set<String> = ["flow.field-coverage", "setup.zero-config", "schema.field-types", "schema.custom-fields", "drift.new-fields"]

    static func judges(for id: String) -> [any ItemJudge] {
        var judges: [any ItemJudge] = [id == "ops.audit-rollback" ? AuditRollbackJudge() : ExpectationJudge()]
        if coverageItems.contains(id) { judges.append(SentinelCoverageJudge()) }
        switch id {
        case "ops.alerts": judges.append(FalseAlertJudge())
        case "ops.throttling": judges.append(BackoffJudge())
        case "flow.closed-won-incentives": judges.append(IncentiveJudge())
        case "integrity.no-loss": judges.append(NoLossJudge())
        case "integrity.no-duplicates": judges.append(DuplicateJudge())
        case "integrity.no-echo": judges.append(EchoJudge())
        case "security.credentials": judges.append(CredentialJudge())
        case "security.partner-isolation": judges.append(PartnerIsolationJudge())
        default: break
        }
        return judges
    }
}
