/// The 36 items of the buyer checklist, in the catalogue's order, as
/// `docs/checklist.md` explains them (with how each is judged): the scorecard
/// reports every one of them for every run, and scenarios may name only these ids.
public enum ChecklistCatalogue {
    public static let items: [ChecklistItem] = [
        ChecklistItem(
            id: "setup.zero-config", section: "Setup",
            question: "How much of the integration works out of the box?",
            measure: "Start the connector with credentials only (no mapping file). Share of CRM objects and fields that reach the PRM anyway."),
        ChecklistItem(
            id: "setup.historical", section: "Setup",
            question: "Does the first sync bring historical data?",
            measure: "Seed the CRM with records dated in the past *before* the connector starts; all must arrive."),
        ChecklistItem(
            id: "setup.time-to-live", section: "Setup",
            question: "How long until the integration is live?",
            measure: "Seconds from connector start to the first complete mirror of the seeded data (the guide's claim to beat: 5–8 minutes)."),
        ChecklistItem(
            id: "setup.enterprise-scale", section: "Setup",
            question: "How long for an enterprise-sized org?",
            measure: "The same on a large schema and data set (dozens of objects, hundreds of custom fields, 100k+ records)."),
        ChecklistItem(
            id: "schema.custom-fields", section: "Schema",
            question: "Are custom fields and custom objects supported?",
            measure: "`__c`-style custom fields and custom objects arrive with their values."),
        ChecklistItem(
            id: "schema.no-counterpart", section: "Schema",
            question: "What if a CRM field or object has no PRM counterpart?",
            measure: "A CRM object the PRM has never heard of: mirrored, or at least alerted — never silently dropped."),
        ChecklistItem(
            id: "schema.record-types-rules", section: "Schema",
            question: "Are record types, validation rules and dependencies kept?",
            measure: "Record types survive; a write that breaks a CRM validation rule is handled (alert, no partial garbage)."),
        ChecklistItem(
            id: "schema.relationships", section: "Schema",
            question: "Can related objects sync (Account → Contact → Opportunity → Lead)?",
            measure: "Multi-level parent/child links are intact on the other side (references resolve to the right records)."),
        ChecklistItem(
            id: "schema.field-types", section: "Schema",
            question: "Are picklists, multi-selects, dates and relational fields correct?",
            measure: "Type fidelity matrix: text, long text, picklist, multi-select, date, datetime (time zones), currency, percent, number precision, boolean, email, phone, url, reference."),
        ChecklistItem(
            id: "schema.custom-fields-actionable", section: "Schema",
            question: "Can custom fields drive PRM logic?",
            measure: "A PRM rule keyed on a mirrored custom field fires."),
        ChecklistItem(
            id: "drift.new-fields", section: "Drift and maintenance",
            question: "Adding fields or objects later, with their history?",
            measure: "Add a field at run time and backfill old records: values arrive, history included, with no restart or new config."),
        ChecklistItem(
            id: "drift.changed-fields", section: "Drift and maintenance",
            question: "What happens when a field is renamed, retyped, deleted or gains a picklist value?",
            measure: "No silent loss: data keeps flowing or an alert names the field."),
        ChecklistItem(
            id: "drift.api-change", section: "Drift and maintenance",
            question: "Maintenance neglect: API versions, auth changes",
            measure: "An API version is retired, a token expires or is revoked, a credential rotates: the connector recovers or alerts."),
        ChecklistItem(
            id: "ops.alerts", section: "Operations",
            question: "Is there an error log or notification for failed syncs?",
            measure: "Alert recall (injected permanent failures that produced an alert naming the record or object), alert latency, and false alerts on clean runs."),
        ChecklistItem(
            id: "ops.sync-frequency", section: "Operations",
            question: "Can we control sync frequency?",
            measure: "Event-driven or configurable interval; the observed lag follows the setting."),
        ChecklistItem(
            id: "ops.throttling", section: "Operations",
            question: "How are API limits and throttling handled?",
            measure: "Under an exhausted quota and 429/REQUEST_LIMIT_EXCEEDED: nothing lost, back-off honoured (requests sent before Retry-After counted as violations), calls per synced record, use of batch/composite endpoints."),
        ChecklistItem(
            id: "ops.audit-rollback", section: "Operations",
            question: "Is the sync auditable, with rollback and health checks?",
            measure: "A history of operations; a rollback to a checkpoint restores the target exactly (journal diff), with no collateral change; a health endpoint."),
        ChecklistItem(
            id: "control.field-direction", section: "Control",
            question: "Can sync direction be set per field?",
            measure: "A field owned by one side is never overwritten from the other."),
        ChecklistItem(
            id: "control.filters", section: "Control",
            question: "Can sync rules filter records (e.g. only active partners)?",
            measure: "Filtered-out records never cross."),
        ChecklistItem(
            id: "flow.deal-registration", section: "Data flows",
            question: "PRM → CRM: a registered deal becomes an opportunity",
            measure: "With full partner attribution: partner organisation, partner tier, partner contact, registration date, registration id. Lag measured."),
        ChecklistItem(
            id: "flow.partner-records", section: "Data flows",
            question: "PRM → CRM: partner companies and contacts (certifications too)",
            measure: "Partner accounts and contacts exist in the CRM and stay current."),
        ChecklistItem(
            id: "flow.closed-won-incentives", section: "Data flows",
            question: "CRM → PRM: closed-won revenue triggers incentives",
            measure: "Commission, rebate accrual and tier-qualification revenue are computed from the confirmed amount **exactly once** (a retried sync must not pay twice)."),
        ChecklistItem(
            id: "flow.stage-progression", section: "Data flows",
            question: "CRM → PRM: stage changes of partner deals",
            measure: "The registration's status follows the opportunity's stage."),
        ChecklistItem(
            id: "flow.customer-accounts", section: "Data flows",
            question: "CRM → PRM: master account data",
            measure: "The registration's customer fields match the CRM account."),
        ChecklistItem(
            id: "flow.lead-passing", section: "Data flows",
            question: "CRM → PRM: a lead passed to a partner",
            measure: "It appears for that partner, and only that partner."),
        ChecklistItem(
            id: "flow.mdf", section: "Data flows",
            question: "PRM → CRM → PRM: MDF request, approval, status",
            measure: "The request reaches the CRM, its approval comes back."),
        ChecklistItem(
            id: "flow.account-matching", section: "Data flows",
            question: "Account matching across naming conventions",
            measure: "\"ACME Corp.\" registered by a partner matches CRM \"Acme Corporation\": no duplicate account."),
        ChecklistItem(
            id: "flow.channel-conflict", section: "Data flows",
            question: "Conflict detection",
            measure: "A registration for a customer with an open direct opportunity, or another partner's registration, is flagged."),
        ChecklistItem(
            id: "flow.latency", section: "Data flows",
            question: "Sync latency",
            measure: "Lag from a source write to the target write, p50/p95/max, from the two journals on one clock."),
        ChecklistItem(
            id: "flow.field-coverage", section: "Data flows",
            question: "Partial field mapping",
            measure: "Share of fields, by type, whose values arrive intact (found by tracing unique sentinel values, so it works whatever the connector names things)."),
        ChecklistItem(
            id: "integrity.no-loss", section: "Integrity and security",
            question: "",
            measure: "No record that should have crossed is missing at the end."),
        ChecklistItem(
            id: "integrity.no-duplicates", section: "Integrity and security",
            question: "",
            measure: "No record crossed twice (two opportunities for one registration, two accounts for one partner)."),
        ChecklistItem(
            id: "integrity.no-echo", section: "Integrity and security",
            question: "",
            measure: "No ping-pong: the connector does not re-sync its own writes back and forth."),
        ChecklistItem(
            id: "integrity.concurrent-edits", section: "Integrity and security",
            question: "",
            measure: "Simultaneous edits on both sides end in one agreed value, by the declared policy."),
        ChecklistItem(
            id: "security.partner-isolation", section: "Integrity and security",
            question: "",
            measure: "No partner can see another partner's leads, deals or customers."),
        ChecklistItem(
            id: "security.credentials", section: "Integrity and security",
            question: "",
            measure: "The connector uses only the credentials it was given, and survives their rotation."),
    ]

    public static let ids: Set<String> = Set(items.map(\.id))

    public static func item(_ id: String) -> ChecklistItem? { items.first { $0.id == id } }
}
