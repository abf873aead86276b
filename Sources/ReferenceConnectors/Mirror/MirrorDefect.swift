import Foundation

/// One realistic defect planted in the mirror connector, for the harness's
/// own tests only: the defect panel (Tests/SyncVerifierTests/DefectPanelTests)
/// runs mirror with each of these and proves that the checklist item the
/// defect belongs to catches it and that the default gate fails. Chosen with
/// `SV_REFERENCE_DEFECT=<name>`; an unknown name stops the connector at
/// start, so a typo never runs the complete connector in a defect's place.
enum MirrorDefect: String, CaseIterable, Sendable {
    /// Gives up a batch of changes when it is throttled and moves its cursor past them.
    case dropsThrottledChanges = "drops-throttled-changes"
    /// Sends again at once when told to wait (Retry-After, REQUEST_LIMIT_EXCEEDED).
    case ignoresBackoff = "ignores-backoff"
    /// Reads the CRM's schema once at start and never again.
    case staleSchema = "stale-schema"
    /// Logs what it cannot sync, but never posts an alert.
    case noAlerts = "no-alerts"
    /// Matches accounts by their exact name only.
    case naiveAccountMatching = "naive-account-matching"
    /// Re-syncs its own writes, writing every field whether it changed or not.
    case echoesOwnWrites = "echoes-own-writes"
    /// Passes a lead to its partner, and a copy to another partner.
    case leaksLeadsToAnotherPartner = "leaks-leads-to-another-partner"
    /// Passes each lead into every partner's own CRM, not only the chosen partner's.
    case leaksIntoOtherPartnerCRMs = "leaks-into-other-partner-crms"
    /// Rolls back the records it created, not the ones it updated (on either side).
    case partialRollback = "partial-rollback"
    /// Writes date-times as local wall-clock time (UTC−05:00) without their offset.
    case naiveDateTimes = "naive-date-times"
    /// Keeps only the first value of a multi-select.
    case firstMultiSelectValue = "first-multi-select-value"
    /// Writes every field both ways, whatever direction the settings give it.
    case ignoresFieldDirection = "ignores-field-direction"
    /// Syncs every record, whatever the filters say.
    case ignoresFilters = "ignores-filters"
    /// Reports a corrected won amount as new revenue, added to what was confirmed.
    case doubleIncentives = "double-incentives"
    /// Polls every 8 seconds, whatever poll interval the settings ask for.
    case slowPolling = "slow-polling"
    /// Sends an opportunity's stage to its registration once, and never again.
    case losesStageChanges = "loses-stage-changes"
    /// Never renews an expired or revoked token.
    case noTokenRenewal = "no-token-renewal"
    /// Stays on its pinned API version when the CRM retires it.
    case noVersionUpgrade = "no-version-upgrade"
    /// Lets the PRM's value win every conflict, whatever the conflict policy.
    case ignoresConflictPolicy = "ignores-conflict-policy"

    static let variable = "SV_REFERENCE_DEFECT"

    /// The defect this process runs with, read once; nil for the complete connector.
    static let active: MirrorDefect? = {
        guard let name = ProcessInfo.processInfo.environment[variable], !name.isEmpty else { return nil }
        guard let defect = MirrorDefect(rawValue: name) else {
            log("\(variable)=\(name) names no defect (known: \(allCases.map(\.rawValue).joined(separator: ", ")))")
            exit(2)
        }
        log("running with the planted defect '\(name)' (a harness self-test)")
        return defect
    }()

    static func on(_ defect: MirrorDefect) -> Bool { active == defect }

    /// A value as the defective connector would write it to the other side.
    static func written(_ value: Any, type: String?) -> Any {
        switch (active, type) {
        case (.naiveDateTimes?, "datetime"):
            guard let text = value as? String, let instant = JSONBody.instant(text) else { return value }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(secondsFromGMT: -5 * 3600)
            formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS"
            return formatter.string(from: instant)
        case (.firstMultiSelectValue?, "multipicklist"):
            guard let text = value as? String, let first = text.split(separator: ";").first else { return value }
            return String(first)
        default:
            return value
        }
    }
}
