import FakeKit
import Foundation

/// Plays one scenario: builds its world, starts the connector, runs the
/// steps with real deadlines, stops everything, and returns the evidence.
/// A crashed or hung connector fails the scenario with the reason; it never
/// stops the run.
public struct ScenarioRunner {
    public let scenario: Scenario
    public let options: RunOptions

    public init(scenario: Scenario, options: RunOptions) {
        self.scenario = scenario
        self.options = options
    }

    public func run() -> ScenarioEvidence {
        let started = Date()
        let folder = options.outFolder.appendingPathComponent(scenario.name)
        try? FileManager.default.removeItem(at: folder)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let world: World
        do {
            world = try World(plan: WorldPlan(scenario: scenario, seed: options.seed), folder: folder)
        } catch {
            return failedBeforeStart(started: started, folder: folder, reason: "could not build the world: \(error)")
        }
        defer { world.stop() }
        var session = Session(scenario: scenario, options: options, world: world, folder: folder, started: started)
        return session.play()
    }

    private func failedBeforeStart(started: Date, folder: URL, reason: String) -> ScenarioEvidence {
        ScenarioEvidence(
            scenario: scenario.name, file: scenario.file, description: scenario.description, checklist: scenario.checklist,
            seed: options.seed, startedAt: started, durationSeconds: Date().timeIntervalSince(started), verdict: .error, reason: reason,
            steps: [], connectorActors: [:], journals: [:], requests: [:], alerts: [], sentinels: [], rollbacks: [],
            connector: ConnectorRunEvidence(
                name: options.connector.name, control: options.connector.capabilities.control,
                stdoutPath: folder.appendingPathComponent("connector.stdout").path, stderrPath: folder.appendingPathComponent("connector.stderr").path),
            connectorStartedAt: nil, settings: [:])
    }
}

/// The state of one scenario while it plays.
private struct Session {
    let scenario: Scenario
    let options: RunOptions
    let world: World
    let folder: URL
    let started: Date
    let bindings: BindingTable
    let performer: ActPerformer
    let evaluator: ExpectationEvaluator
    var supervisor: ConnectorSupervisor?
    var sentinelFactory: SentinelFactory
    var steps: [StepEvidence] = []
    var sentinels: [Sentinel] = []
    var rollbacks: [RollbackEvidence] = []
    var checkpoints: [String: CheckpointSnapshot] = [:]
    var connectorStartedAt: Date?
    var failure: String?
    var refused: String?

    init(scenario: Scenario, options: RunOptions, world: World, folder: URL, started: Date) {
        self.scenario = scenario
        self.options = options
        self.world = world
        self.folder = folder
        self.started = started
        bindings = BindingTable(world: world)
        performer = ActPerformer(world: world, bindings: bindings, scenarioTag: scenario.name)
        evaluator = ExpectationEvaluator(world: world, bindings: bindings, since: world.clock.now())
        sentinelFactory = SentinelFactory(tag: String(format: "%04X", UInt16(truncatingIfNeeded: options.seed &* 2654435761)))
    }

    var deadline: Date { started.addingTimeInterval(scenario.timeoutSeconds) }

    mutating func play() -> ScenarioEvidence {
        for (index, step) in scenario.setup.enumerated() {
            if let failure {
                record(index: index, step, Result(outcome: .skipped, detail: failure))
                continue
            }
            let result = run(step)
            record(index: index, step, result)
            if result.outcome == .error { failure = "\(step.path) could not be done: \(result.detail)" }
        }
        if failure == nil { startConnector() }
        for (offset, step) in scenario.steps.enumerated() {
            let index = scenario.setup.count + offset
            if let failure {
                record(index: index, step, Result(outcome: .skipped, detail: failure))
                continue
            }
            if Date() >= deadline {
                failure = "the scenario ran out of time (\(scenario.timeoutSeconds) s) before \(step.path)"
                record(index: index, step, Result(outcome: .skipped, detail: failure!))
                continue
            }
            let result = run(step)
            record(index: index, step, result)
            // A step the scenario could not do leaves the rest meaningless.
            if result.outcome == .error, case .act = step.kind { failure = "\(step.path) could not be done: \(result.detail)" }
            // Later steps name what a failed expectation would have bound: they cannot run.
            if result.outcome == .failed, case .expect(let expectation) = step.kind, case .record(_, _, _, _, let bind?) = expectation.kind {
                failure = "\(step.path) found nothing to bind as '\(bind)', so the steps that use it cannot run"
            }
            if let status = supervisor?.exitStatus, failure == nil {
                failure = "the connector \(status) during \(step.path)"
                supervisor?.noteCrash(status, during: step.path)
            }
        }
        supervisor?.finish(grace: options.stopGraceSeconds)
        return evidence()
    }

    // MARK: the connector

    mutating func startConnector() {
        let configPath = folder.appendingPathComponent("config.json")
        let stateDirectory = folder.appendingPathComponent("state")
        try? FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        try? scenario.connector.json.serialized().write(to: configPath)
        let controlPort = options.connector.capabilities.control ? try? ControlClient.freePort() : nil
        let systemsFile: String
        do {
            systemsFile = try world.writeSystemsFile(to: folder.appendingPathComponent("systems.json"))
        } catch {
            failure = "could not write the systems file: \(error)"
            return
        }
        let supervisor = ConnectorSupervisor(
            manifest: options.connector,
            contract: world.environment(configPath: configPath.path, stateDirectory: stateDirectory.path, controlPort: controlPort, systemsFile: systemsFile),
            controlPort: controlPort, folder: folder)
        self.supervisor = supervisor
        connectorStartedAt = world.clock.now()
        do {
            try supervisor.start()
        } catch {
            failure = "the connector failed to start: \(error)"
        }
    }

    // MARK: steps

    struct Result {
        var outcome: StepEvidence.Outcome
        var detail: String
        var metAt: Date? = nil
        var recordIds: [String] = []
    }

    mutating func record(index: Int, _ step: Step, _ result: Result) {
        let (kind, side, object, within) = describe(step)
        steps.append(StepEvidence(
            index: index, path: step.path, keyword: step.keyword, kind: kind, note: step.note, checklist: step.checklist, outcome: result.outcome,
            detail: result.detail, startedAt: stepStart ?? world.clock.now(), finishedAt: world.clock.now(), metAt: result.metAt,
            withinSeconds: within, side: side, object: object, recordIds: result.recordIds))
        stepStart = nil
    }

    var stepStart: Date?

    func describe(_ step: Step) -> (String, String?, String?, Double?) {
        switch step.kind {
        case .act(let act): return (act.verb.rawValue, act.side.rawValue, act.object, nil)
        case .inject(let side, let fault, _): return (fault.type, side.rawValue, nil, nil)
        case .clear(let side, _): return ("clear", side.rawValue, nil, nil)
        case .checkpoint: return ("checkpoint", nil, nil, nil)
        case .rollback: return ("rollback", nil, nil, nil)
        case .wait: return ("wait", nil, nil, nil)
        case .restart: return ("restart", nil, nil, nil)
        case .expect(let expectation):
            switch expectation.kind {
            case .record(let side, let object, _, _, _), .noRecord(let side, let object, _), .count(let side, let object, _, _):
                return (expectation.keyword, side.rawValue, object, expectation.withinSeconds)
            case .noWrite(let side, let object, _, _): return (expectation.keyword, side.rawValue, object, expectation.withinSeconds)
            case .alert(let object, _, _): return (expectation.keyword, nil, object, expectation.withinSeconds)
            case .value(let side, let object, _): return (expectation.keyword, side.rawValue, object, expectation.withinSeconds)
            case .requests(let side, _, _): return (expectation.keyword, side.rawValue, nil, expectation.withinSeconds)
            default: return (expectation.keyword, nil, nil, expectation.withinSeconds)
            }
        }
    }

    mutating func run(_ step: Step) -> Result {
        stepStart = world.clock.now()
        switch step.kind {
        case .act(let act):
            do {
                let done = try performer.perform(act, sentinels: &sentinelFactory)
                sentinels += done.sentinels
                return Result(outcome: .passed, detail: "\(act.verb.rawValue) \(act.object) \(done.ids.prefix(5).joined(separator: ", "))\(done.ids.count > 5 ? " …" : "")", metAt: world.clock.now(), recordIds: done.ids)
            } catch {
                return Result(outcome: .error, detail: "\(error)")
            }
        case .inject(let side, let fault, let bind):
            do {
                let id = try world.inject(fault, on: side)
                if let bind { bindings.bindFault(bind, side: side, id: id) }
                return Result(outcome: .passed, detail: "fault \(id) on the \(side.rawValue) side: \(fault.type)", metAt: world.clock.now())
            } catch {
                return Result(outcome: .error, detail: "the \(side.rawValue) side refused the \(fault.type) fault: \(error)")
            }
        case .clear(let side, let name):
            let id = name.flatMap { bindings.faults[$0]?.id }
            world.clearFaults(on: side, id: id)
            return Result(outcome: .passed, detail: name.map { "cleared fault '\($0)'" } ?? "cleared every fault on the \(side.rawValue) side")
        case .checkpoint(let name):
            let snapshot = CheckpointSnapshot(name: name, world: world)
            checkpoints[name] = snapshot
            return Result(outcome: .passed, detail: "checkpoint '\(name)' at \(DateFormats.formatISO(snapshot.time))", metAt: snapshot.time)
        case .rollback(let name):
            return rollback(to: name, path: step.path)
        case .wait(let seconds):
            sleep(until: Date().addingTimeInterval(seconds))
            return Result(outcome: .passed, detail: "waited \(seconds) s")
        case .restart:
            guard let supervisor else { return Result(outcome: .error, detail: "no connector to restart") }
            supervisor.stop(grace: options.stopGraceSeconds)
            do {
                try supervisor.start()
                return Result(outcome: .passed, detail: "restarted the connector")
            } catch {
                return Result(outcome: .failed, detail: "\(error)")
            }
        case .expect(let expectation):
            return expect(expectation)
        }
    }

    /// Sleeps in short slices, waking early if the connector dies.
    func sleep(until moment: Date) {
        while Date() < moment {
            if supervisor?.exitStatus != nil { return }
            usleep(UInt32(max(1000, min(options.pollIntervalSeconds, moment.timeIntervalSinceNow) * 1_000_000)))
        }
    }

    func expect(_ expectation: Expectation) -> Result {
        let begin = world.clock.now()
        let until = Date().addingTimeInterval(expectation.withinSeconds)
        switch expectation.kind {
        case .noWrite(let side, let object, let operation, let field):
            sleep(until: until)
            let writes = evaluator.connectorWrites(side: side, object: object, operation: operation, field: field, from: begin, to: world.clock.now())
            if writes.isEmpty { return Result(outcome: .passed, detail: "no such write in \(expectation.withinSeconds) s", metAt: world.clock.now()) }
            let shown = writes.prefix(3).map { "#\($0.sequence) \($0.operation.rawValue) \($0.object) \($0.recordID ?? "")" }.joined(separator: "; ")
            return Result(outcome: .failed, detail: "\(writes.count) connector writes: \(shown)", recordIds: writes.compactMap(\.recordID))
        case .requests(_, _, let bounds) where !bounds.metEarly:
            // An upper bound or an exact count holds only once the window is over.
            sleep(until: until)
            let check = (try? evaluator.check(expectation.kind)) ?? ExpectationEvaluator.Check(holds: false, detail: "a reference in it could not be resolved")
            return Result(outcome: check.holds ? .passed : .failed, detail: check.detail, metAt: world.clock.now())
        case .noAlert:
            sleep(until: until)
            let check = (try? evaluator.check(.noAlert)) ?? ExpectationEvaluator.Check(holds: false, detail: "")
            return Result(outcome: check.holds ? .passed : .failed, detail: check.detail, metAt: world.clock.now())
        case .controlHistory:
            guard options.connector.capabilities.control, let port = supervisor?.controlPort else {
                return Result(outcome: .unsupported, detail: "the connector declares no control API")
            }
            let control = ControlClient(port: port)
            var last = "no answer"
            while true {
                if let health = control.get("/health"), health.status == 200 {
                    if let history = control.get("/history"), history.status == 200,
                        let items = try? JSONSerialization.jsonObject(with: history.body) as? [Any] {
                        if !items.isEmpty { return Result(outcome: .passed, detail: "/health 200, /history has \(Plural.of(items.count, "operation"))", metAt: world.clock.now()) }
                        last = "/history is empty"
                    } else {
                        last = "/history did not answer a JSON array"
                    }
                } else {
                    last = "/health did not answer 200"
                }
                if Date() >= until || supervisor?.exitStatus != nil { return Result(outcome: .failed, detail: last) }
                usleep(100_000)
            }
        default:
            var last = ExpectationEvaluator.Check(holds: false, detail: "not checked")
            while true {
                do {
                    last = try evaluator.check(expectation.kind)
                } catch {
                    return Result(outcome: .error, detail: "\(error)")
                }
                if last.holds {
                    if case .record(_, _, _, _, let bind?) = expectation.kind, let id = last.recordIds.first {
                        let side: SystemID = { if case .record(let side, _, _, _, _) = expectation.kind { return side }; return world.vendorCRMID }()
                        bindings.bind(bind, side: side, id: id)
                    }
                    let now = world.clock.now()
                    let metAt = last.metAt.map { max(begin, min($0, now)) } ?? now
                    return Result(outcome: .passed, detail: last.detail, metAt: metAt, recordIds: last.recordIds)
                }
                if Date() >= until { return Result(outcome: .failed, detail: "after \(expectation.withinSeconds) s: \(last.detail)", recordIds: last.recordIds) }
                if let status = supervisor?.exitStatus { return Result(outcome: .failed, detail: "the connector \(status); \(last.detail)") }
                usleep(UInt32(options.pollIntervalSeconds * 1_000_000))
            }
        }
    }

    /// Asks the connector to undo its writes since the checkpoint and notes
    /// where each journal stood when it answered and once its writes settled.
    /// Whether it restored every record is the scorer's to judge, from the
    /// journals (`RollbackJudgement`); this step fails only when the
    /// connector does not answer with a success.
    mutating func rollback(to name: String, path: String) -> Result {
        guard let snapshot = checkpoints[name] else { return Result(outcome: .error, detail: "no checkpoint '\(name)'") }
        guard options.connector.capabilities.control, let port = supervisor?.controlPort else {
            return Result(outcome: .unsupported, detail: "the connector declares no control API, so it cannot be asked to roll back")
        }
        let requestedAt = world.clock.now()
        let answer = ControlClient(port: port).post("/rollback", .object(["since": .string(DateFormats.formatISO(snapshot.time))]))
        // Everything the connector wrote up to its answer is what it had to undo
        // (a sync pass still running when asked included); its writes after the
        // answer to other records are collateral.
        let answered = Dictionary(uniqueKeysWithValues: world.systemIDs.map { ($0, world.journal($0).count) })
        let answerText = answer.map { "\($0.status)" } ?? "no answer"
        var evidence = RollbackEvidence(checkpoint: name, step: path, checkpointTime: snapshot.time, requestedAt: requestedAt, answer: answerText)
        guard let answer, (200..<300).contains(answer.status) else {
            rollbacks.append(evidence)
            return Result(outcome: .failed, detail: "POST /rollback answered \(answerText)")
        }
        // Rollbacks may go on after the answer: wait until the connector has
        // written nothing for a second (at most 15 s), then mark the journals.
        let until = Date().addingTimeInterval(15)
        var counts = answered
        var quietSince = Date()
        while Date() < until, supervisor?.exitStatus == nil, Date().timeIntervalSince(quietSince) < 1 {
            usleep(100_000)
            let now = Dictionary(uniqueKeysWithValues: world.systemIDs.map { ($0, world.journal($0).count) })
            if now != counts {
                counts = now
                quietSince = Date()
            }
        }
        evidence.marks = Dictionary(uniqueKeysWithValues: world.systemIDs.map { id in
            (id.rawValue, RollbackEvidence.Marks(checkpoint: snapshot.sequences[id] ?? 0, answered: answered[id]!, settled: counts[id]!))
        })
        rollbacks.append(evidence)
        let settled = world.clock.now().timeIntervalSince(requestedAt)
        return Result(
            outcome: .passed, detail: "POST /rollback answered \(answerText); writes settled after \(ReportFormatting.seconds(settled)) (the scorecard judges the records)",
            metAt: world.clock.now())
    }

    // MARK: evidence

    func evidence() -> ScenarioEvidence {
        let failedSteps = steps.filter { $0.outcome == .failed || $0.outcome == .error }
        let verdict: ScenarioEvidence.Verdict =
            steps.contains { $0.outcome == .error } ? .error : (failure != nil || !failedSteps.isEmpty ? .failed : .passed)
        // The first step that went wrong is the cause; what it stopped comes second.
        let reason = failedSteps.first.map { "\($0.path) (\($0.keyword) \($0.kind)): \($0.detail)" } ?? failure
        var settings: [String: JSONValue] = [:]
        if let json = try? JSONDecoder().decode(JSONValue.self, from: scenario.connector.json.serialized()), let object = json.objectValue {
            settings = object
        }
        var result = ScenarioEvidence(
            scenario: scenario.name, file: scenario.file, description: scenario.description, checklist: scenario.checklist,
            seed: options.seed, startedAt: started, durationSeconds: Date().timeIntervalSince(started), verdict: verdict, reason: reason,
            steps: steps, connectorActors: Dictionary(uniqueKeysWithValues: world.connectorActors.map { ($0.key.rawValue, $0.value) }),
            journals: Dictionary(uniqueKeysWithValues: world.members.map { ($0.id.rawValue, $0.system.journal.all) }),
            requests: Dictionary(uniqueKeysWithValues: world.members.map { ($0.id.rawValue, RequestSummary($0.system.requestLog.entries)) }),
            alerts: world.alerts.alerts, sentinels: sentinels, rollbacks: rollbacks, connector: supervisor?.evidence ?? ConnectorRunEvidence(
                name: options.connector.name, control: options.connector.capabilities.control, stdoutPath: "", stderrPath: ""),
            connectorStartedAt: connectorStartedAt, settings: settings)
        if failure != nil && result.connector.failure == nil { result.connector.failure = failure }
        for side in world.systemIDs {
            var table: [String: [String]] = [:]
            for object in world.store(side).schema.objects where !["User", "RecordType"].contains(object.name) {
                let fields = object.fields.filter { ($0.externalId || $0.unique) && $0.type != .id }.map(\.name)
                if !fields.isEmpty { table[object.name] = fields.sorted() }
            }
            result.identityFields[side.rawValue] = table
        }
        result.crmDeal = world.crmDeal
        result.crmDialect = scenario.crm.dialect
        result.systems = SystemEvidence.describe(world)
        let refusals = world.proxy?.refusals ?? []
        result.outsideDestinations = refusals.isEmpty ? nil : refusals
        result.connector.command = options.connector.command
        result.connector.version = options.connector.version
        return result
    }
}
