import Foundation

/// The complete reference connector. Each cycle it reads both systems'
/// change feeds (the PRM's `/changes`, the CRM's records by SystemModstamp),
/// skips its own writes (so it never echoes), and writes the other side
/// only where values differ. It mirrors every CRM object and field into the
/// PRM's schema API, keeps the business flows of docs/checklist.md, alerts on what
/// it cannot sync, and can undo its writes since a moment.
///
/// In batch mode (the `nightly` connector) it makes a full copy every
/// interval instead: the same mappings, read from the start each time.
final class MirrorConnector {
    enum Mode { case live, batch }

    let env: ConnectorEnvironment
    let settings: SyncSettings
    let mode: Mode
    let transport: Transport
    let crm: any CRMSession
    /// Partners' own CRMs (seed 004's distributed channel), each reached with its own credentials.
    let partnerCRMs: [PartnerCRMLink]
    let prm: PRMSession
    let alerts: AlertPoster
    let control: ControlServer
    var state: MirrorState
    let schema: SchemaMirror
    var recordTypes: [String: String] = [:]
    /// CRM fields by object, from describe (refreshed as the schema drifts).
    var crmFields: [String: [String: [String: Any]]] { schema.crmFields }
    var cycles = 0

    static let prmConnectorActor = "api-key:connector"
    static let crmObjects = ["Account", "Contact", "Opportunity", "Lead", "MDF_Request__c"]

    init(env: ConnectorEnvironment, settings: SyncSettings, mode: Mode, control: ControlServer) throws(CRMSessions.UnknownDialect) {
        self.env = env
        self.settings = settings
        self.mode = mode
        self.control = control
        transport = Transport(caBundle: env.caBundle)
        crm = try CRMSessions.open(dialect: env.crmDialect, credentials: env.vendorCRM, transport: transport)
        var partners: [PartnerCRMLink] = []
        for partner in env.partnerCRMs {
            do {
                partners.append(PartnerCRMLink(crm: partner, session: try CRMSessions.open(dialect: partner.dialect, credentials: partner.credentials, transport: transport)))
            } catch {
                log("partner CRM \(partner.name) is not synced: \(error)")
            }
        }
        partnerCRMs = partners
        prm = PRMSession(env: env, transport: transport)
        alerts = AlertPoster(url: env.alertURL, transport: transport)
        state = mode == .live ? MirrorState.load(env.stateDirectory) : MirrorState()
        schema = SchemaMirror()
    }

    func run(stop: () -> Bool) {
        // A nightly job first runs at its schedule, not at install time.
        var lastBatch = mode == .batch ? Date() : Date.distantPast
        while !stop() {
            for (command, ticket) in control.takeCommands() {
                switch command {
                case .syncNow: lastBatch = .distantPast
                case .rollback(let since): control.answer(ticket, rollback(since: since))
                }
            }
            if mode == .live || Date().timeIntervalSince(lastBatch) >= settings.batchIntervalSeconds {
                if mode == .batch {
                    // A full copy: read everything again, as a nightly job does.
                    state.prmSince = 0
                    state.crmWatermarks = [:]
                }
                lastBatch = Date()
                cycle()
            }
            control.sleep(seconds: mode == .live ? settings.pollIntervalSeconds : min(settings.pollIntervalSeconds, 1))
        }
        state.save(env.stateDirectory)
    }

    func cycle() {
        cycles += 1
        do {
            // Describe calls count against the API quota: a full look every ten cycles (and on INVALID_FIELD).
            if cycles == 1 { try crm.prepare() }
            if !(MirrorDefect.on(.staleSchema) && cycles > 1) { try schema.refresh(self, full: cycles == 1 || cycles % 10 == 0) }
            try prmToCRM()
            try crmToPRM()
            if !partnerCRMs.isEmpty { try FlowsPartnerCRMs(self).sync() }
            state.save(env.stateDirectory)
            control.cycleFinished()
        } catch {
            switch error {
            case .authentication(let text):
                alerts.post("Cannot authenticate: \(text). Syncing is paused until the credentials work again.", object: "credentials", recordId: nil)
            default:
                log("cycle \(cycles) stopped, will retry: \(error)")
            }
        }
    }

    // MARK: writes, recorded for /history and /rollback

    func record(_ direction: String, _ system: String, _ object: String, _ id: String, _ operation: String,
                before: [String: Any]?, after: [String: Any], source: String?) {
        control.record(SyncOperation(
            time: Date(), direction: direction, system: system, object: object, recordId: id, operation: operation,
            before: before?.mapValues(FieldValue.init), after: after.mapValues(FieldValue.init), source: source))
    }

    /// Creates or updates a CRM record so it carries `desired`; returns its id.
    /// Only differing fields are written, and never a field the settings give to the CRM.
    @discardableResult
    func putCRM(_ object: String, existing: [String: Any]?, desired: [String: Any], source: String, createOnly: [String: Any] = [:]) throws(RemoteError) -> String? {
        let known = crmFields[object] ?? [:]
        var fields: [String: Any] = [:]
        for (name, value) in desired {
            guard known.isEmpty || known[name] != nil else {
                alerts.post("The CRM field \(object).\(name) no longer exists; its values from the PRM cannot be synced.", object: object, recordId: nil)
                continue
            }
            fields[name] = value
        }
        if let existing, let id = existing["Id"] as? String {
            var changes: [String: Any] = [:]
            var before: [String: Any] = [:]
            for (name, value) in fields where settings.crmFieldWritable(object, name) && (!JSONBody.same(existing[name], value) || MirrorDefect.on(.echoesOwnWrites)) {
                changes[name] = value
                before[name] = existing[name] ?? NSNull()
            }
            guard !changes.isEmpty else { return id }
            do {
                try crm.update(object, id, changes)
                record("prm-to-crm", "crm", object, id, "update", before: before, after: changes, source: source)
            } catch {
                try permanentFailure(error, object: object, recordId: id, what: "update (from \(source))")
            }
            return id
        }
        var created = fields
        for (name, value) in createOnly where known.isEmpty || known[name] != nil { created[name] = value }
        do {
            let id = try crm.create(object, created)
            record("prm-to-crm", "crm", object, id, "create", before: nil, after: created, source: source)
            return id
        } catch {
            try permanentFailure(error, object: object, recordId: source, what: "create")
            return nil
        }
    }

    /// Alerts on a permanent failure (and carries on); rethrows anything else.
    func permanentFailure(_ error: RemoteError, object: String, recordId: String?, what: String) throws(RemoteError) {
        guard case .permanent(_, let text) = error else { throw error }
        alerts.post("Could not \(what) \(object) \(recordId ?? ""): \(text)", object: object, recordId: recordId)
    }

    // MARK: PRM → CRM

    func prmToCRM() throws(RemoteError) {
        var since = state.prmSince
        var changed: [String: [String]] = [:]
        var order: [String] = []
        while true {
            let (entries, next) = try prm.changes(since: since)
            for entry in entries {
                guard let object = entry["object"] as? String, let id = entry["id"] as? String else { continue }
                if entry["actor"] as? String == Self.prmConnectorActor, !MirrorDefect.on(.echoesOwnWrites) { continue }
                if changed[object]?.contains(id) != true {
                    changed[object, default: []].append(id)
                    order.append(object)
                }
            }
            if entries.isEmpty || next == since { break }
            since = next
        }
        // Parents before children, so links exist when a child needs them.
        for object in ["Partner", "PartnerContact", "DealRegistration", "MDFRequest"] {
            do {
                try FlowsPRMToCRM(self).sync(object, ids: changed[object] ?? [])
            } catch {
                guard MirrorDefect.on(.dropsThrottledChanges), case .throttled = error else { throw error }
                log("throttled while syncing \(object); moving on")
            }
        }
        state.prmSince = since
    }

    // MARK: CRM → PRM

    func crmToPRM() throws(RemoteError) {
        let flows = FlowsCRMToPRM(self)
        for object in Self.crmObjects + schema.mirroredCRMObjects where crmFields[object] != nil {
            let fields = Array((crmFields[object] ?? [:]).keys).sorted()
            guard !fields.isEmpty else { continue }
            let watermark = state.crmWatermarks[object]
            let records: [[String: Any]]
            do {
                records = try crm.changed(object, fields: fields, since: watermark)
            } catch {
                if case .permanent(_, let text) = error, text.contains("INVALID_FIELD") {
                    schema.invalidate(object)
                    continue
                }
                throw error
            }
            var newest = watermark
            for record in records {
                if let stamp = record["SystemModstamp"] as? String, newest.map({ stamp > $0 }) ?? true { newest = stamp }
                if crm.isOwnChange(record), !MirrorDefect.on(.echoesOwnWrites) { continue }
                do {
                    try flows.sync(object, record)
                    try schema.mirrorRecord(self, object: object, record)
                } catch {
                    guard MirrorDefect.on(.dropsThrottledChanges), case .throttled = error else { throw error }
                    log("throttled while syncing \(object) \(record["Id"] ?? ""); moving on")
                }
            }
            if let newest { state.crmWatermarks[object] = newest }
        }
    }

    // MARK: rollback

    /// The session of a CRM by the name its writes are recorded under (`crm`, or a partner CRM's).
    func crmSession(_ system: String) -> (any CRMSession)? {
        system == "crm" ? crm : partnerCRMs.first { $0.crm.name == system }?.session
    }

    /// Undoes this connector's writes made at or after `since`, newest first.
    func rollback(since: Date) -> String {
        let operations = control.history.filter { $0.time >= since && $0.direction != "rollback" }.reversed()
        var undone = 0
        var notUndoable = 0
        for operation in operations {
            do {
                let session = crmSession(operation.system)
                switch (operation.system, operation.operation) {
                case (_, "create") where session != nil:
                    try session!.delete(operation.object, operation.recordId)
                    state.unlink(crm: operation.recordId)
                    undone += 1
                case (_, "update") where session != nil && !MirrorDefect.on(.partialRollback):
                    let before = (operation.before ?? [:]).mapValues(\.any)
                    try session!.update(operation.object, operation.recordId, before)
                    undone += 1
                case ("prm", "update") where !MirrorDefect.on(.partialRollback):
                    let before = (operation.before ?? [:]).mapValues(\.any)
                    _ = try prm.update(PRMResources.path(operation.object), operation.recordId, before)
                    undone += 1
                default:
                    // PRM records cannot be deleted through its API, nor statuses moved back.
                    notUndoable += 1
                }
                record("rollback", operation.system, operation.object, operation.recordId, "undo-\(operation.operation)", before: nil, after: [:], source: nil)
            } catch {
                log("rollback of \(operation.object) \(operation.recordId) failed: \(error)")
                notUndoable += 1
            }
        }
        // Do not sync back what was just undone: move past the changes it made.
        state.save(env.stateDirectory)
        return "undid \(undone) write\(undone == 1 ? "" : "s")" + (notUndoable > 0 ? "; \(notUndoable) could not be undone" : "")
    }
}
