import Foundation
import HTTP
import Synchronization

/// The fault layer in front of a dialect: holds the active traffic faults
/// (latency, outage, throttle, and the network faults that shape answers on
/// the wire), applies them to each request on the
/// request's own connection thread (a latency is a real sleep there and
/// holds up no other client), and writes every request to the request log.
/// Changes (drift, auth, version retirement) go to the fake's `FaultApplier`
/// at once and are only recorded here, in the same id sequence.
///
/// Each fault draws from its own generator, seeded from the pipeline's seed
/// and the fault's id, so the same requests in the same order meet the
/// same faults in every run.
public final class FaultPipeline: HTTPMiddleware {
    public struct Outcome: Sendable, Equatable {
        public let method: String
        public let path: String
        /// `pass`, `latency:<ms>`, `outage:<kind>`, `throttle:<reason>` — what the layer did.
        public let applied: [String]
    }

    private struct Active {
        let id: Int
        let spec: FaultSpec
        let scope: FaultScope
        let addedAt: Date
        var generator: SeededGenerator
        var matched = 0
        var affected = 0
        var throttle: ThrottleStateMachine?
        /// The spec as a network fault, found once rather than cast on every request.
        var network: (any NetworkFault)?
    }

    private struct State {
        var faults: [Active] = []
        /// Changes applied once, kept for the record.
        var changes: [FaultRecord] = []
        var nextID = 0
    }

    /// What the layer decided for one request, taken under the lock and acted on outside it.
    private struct Decision {
        var delayMs = 0
        var outage: OutageFault?
        var refusal: ThrottleRefusal?
        /// The tightest quota among the throttles that metered the request.
        var quota: ThrottleQuota?
        /// Throttles holding a concurrency slot for this request.
        var slots: [Int] = []
        var applied: [String] = []
        /// Network faults that shape the answer on the wire, in the order they were added.
        var network: [any NetworkFault] = []
        var shapers: [any DeliveryShaper] = []
    }

    private let state = Mutex(State())
    /// Traffic faults in the list: with none, a request takes no lock here
    /// but the log's (the benchmarked fast path).
    private let trafficFaults = Atomic<Int>(0)
    private let seed: UInt64
    public let clock: JournalClock
    public let dialect: any FaultDialect
    public let log: RequestLog
    private let applier: (any FaultApplier)?

    /// - Parameters:
    ///   - dialect: how the fake words outages and throttling.
    ///   - applier: the fake's handler of changes (drift, auth, versions); without one they are refused.
    public init(
        seed: UInt64, clock: JournalClock = JournalClock(), dialect: any FaultDialect, log: RequestLog = RequestLog(),
        applier: (any FaultApplier)? = nil
    ) {
        self.seed = seed
        self.clock = clock
        self.dialect = dialect
        self.log = log
        self.applier = applier
    }

    /// A pipeline for a dialect given only its outage answer.
    /// - Parameter outageAnswer: the dialect's own error for a 5xx outage.
    public convenience init(seed: UInt64, outageAnswer: @escaping @Sendable (HTTPStatus) -> HTTPResponse) {
        self.init(seed: seed, dialect: GenericFaultDialect(outageAnswer: outageAnswer))
    }

    // MARK: adding and clearing

    /// Adds a traffic fault, or applies a change at once; returns its id.
    /// Throws `FaultError` when the change cannot be made (its record then says `failed`).
    @discardableResult
    public func inject(_ spec: FaultSpec) throws -> Int {
        guard let scope = spec.scope else { return try applyChange(spec) }
        let now = clock.now()
        return state.withLock { state in
            state.nextID += 1
            let generator = SeededGenerator(seed: seed &+ UInt64(state.nextID) &* 0x9E37_79B9)
            var active = Active(id: state.nextID, spec: spec, scope: scope, addedAt: now, generator: generator)
            if case .throttle(let fault) = spec { active.throttle = ThrottleStateMachine(fault: fault, start: now) }
            active.network = spec.network
            state.faults.append(active)
            trafficFaults.store(state.faults.count, ordering: .releasing)
            return state.nextID
        }
    }

    /// `inject` for callers that cannot handle an error: a change that fails
    /// is recorded as `failed` with its reason, and its id returned all the same.
    @discardableResult
    public func add(_ spec: FaultSpec) -> Int {
        do {
            return try inject(spec)
        } catch {
            return state.withLock { state in state.nextID }
        }
    }

    private func applyChange(_ spec: FaultSpec) throws -> Int {
        let now = clock.now()
        var result: JSONValue?
        var failure: (any Error)?
        if let applier {
            do { result = try applier.apply(spec) } catch { failure = error }
        } else {
            failure = FaultError("this fake cannot apply '\(spec.type)' faults")
        }
        let id = state.withLock { state in
            state.nextID += 1
            let message = failure.map { ($0 as? FaultError)?.message ?? String(describing: $0) }
            state.changes.append(
                FaultRecord(id: state.nextID, spec: spec, addedAt: now, state: failure == nil ? .applied : .failed, result: result, error: message))
            return state.nextID
        }
        if let failure { throw failure }
        return id
    }

    /// Removes one traffic fault, or all of them (nil). Changes already
    /// applied stay applied and stay on record. Returns whether any was removed.
    @discardableResult
    public func clear(id: Int? = nil) -> Bool {
        state.withLock { state in
            let before = state.faults.count
            state.faults.removeAll { id == nil || $0.id == id }
            trafficFaults.store(state.faults.count, ordering: .releasing)
            return state.faults.count != before
        }
    }

    /// Forgets every fault, the record of applied changes, and the request log.
    public func reset() {
        state.withLock { state in
            state.faults = []
            state.changes = []
            trafficFaults.store(0, ordering: .releasing)
        }
        log.clear()
    }

    public var active: [(id: Int, spec: FaultSpec)] { state.withLock { $0.faults.map { ($0.id, $0.spec) } } }

    /// Every fault given, traffic faults with their state and counts, changes as applied, by id.
    public var records: [FaultRecord] {
        let now = clock.now()
        return state.withLock { state in
            let traffic = state.faults.map { fault -> FaultRecord in
                let elapsed = now.timeIntervalSince(fault.addedAt)
                let spent = fault.scope.requestCount.map { fault.affected >= $0 } ?? false
                let status: FaultRecord.State =
                    spent || fault.scope.hasEnded(elapsed: elapsed) ? .ended : elapsed < fault.scope.startAfterSeconds ? .pending : .active
                return FaultRecord(id: fault.id, spec: fault.spec, addedAt: fault.addedAt, state: status, matched: fault.matched, affected: fault.affected)
            }
            return (traffic + state.changes).sorted { $0.id < $1.id }
        }
    }

    public func record(id: Int) -> FaultRecord? { records.first { $0.id == id } }

    /// What the layer did to each request so far, in arrival order (from the request log).
    public var outcomes: [Outcome] {
        log.entries.map { Outcome(method: $0.method, path: $0.path, applied: $0.faults.isEmpty ? ["pass"] : $0.faults) }
    }

    // MARK: requests

    public func handle(_ request: HTTPRequest, next: any HTTPHandler) throws -> HTTPResponse {
        let arrival = clock.now()
        let method = request.method.rawValue
        let path = Self.path(of: request.target)
        var decision = Decision()
        if trafficFaults.load(ordering: .acquiring) > 0 {
            decision = decide(request, method: method, path: path, now: arrival)
        }
        // A sleep on this request's connection thread that wakes if the server stops.
        if decision.delayMs > 0 { request.connection.sleep(for: .milliseconds(min(decision.delayMs, 600_000))) }
        var response: HTTPResponse
        if let refusal = decision.refusal {
            response = dialect.throttled(refusal)
        } else if let outage = decision.outage {
            switch outage.kind {
            case .status: response = dialect.outage(status: HTTPStatus(outage.status))
            case .reset: response = HTTPResponse(action: .reset)
            case .holdOpen: response = HTTPResponse(action: .holdOpen(milliseconds: outage.holdMs))
            case .closeMidBody:
                response = next.respond(to: request)
                response.action = .truncateBody(afterBytes: max(0, response.body.count / 2))
            }
        } else {
            response = next.respond(to: request)
        }
        if !decision.slots.isEmpty { release(decision.slots) }
        if let quota = decision.quota { dialect.annotate(&response, with: quota) }
        response.shapers += decision.shapers
        let signal = decision.refusal.map { BackoffSignal.retryAfter(seconds: Double($0.retryAfterSeconds)) } ?? dialect.backoff(in: response)
        let (status, connection): (Int?, String) =
            switch response.action {
            case .send, .sendThenClose:
                if let last = decision.network.last(where: { $0.connectionNote != "send" }) {
                    (last.withholdsAnswer ? nil : response.status.code, last.connectionNote)
                } else {
                    (response.status.code, "send")
                }
            case .reset: (nil, "reset")
            case .holdOpen: (nil, "holdOpen")
            case .truncateBody: (response.status.code, "closeMidBody")
            }
        let dialect = dialect
        log.append(
            arrival: arrival, method: method, path: path, status: status, connection: connection, credentialKey: dialect.credentialKey(of: request),
            name: { dialect.credentialName(forKey: $0) }, faults: decision.applied, backoff: signal, metered: dialect.isMetered(request))
        return response
    }

    private func decide(_ request: HTTPRequest, method: String, path: String, now: Date) -> Decision {
        var metered: Bool?
        return state.withLock { state -> Decision in
            var decision = Decision()
            for index in state.faults.indices {
                let scope = state.faults[index].scope
                guard scope.matches(method: method, path: path),
                    scope.isWithinTime(elapsed: now.timeIntervalSince(state.faults[index].addedAt))
                else { continue }
                if case .throttle = state.faults[index].spec {
                    if metered == nil { metered = dialect.isMetered(request) }
                    guard metered == true else { continue }
                }
                state.faults[index].matched += 1
                guard state.faults[index].matched > scope.afterRequests else { continue }
                if let count = scope.requestCount, state.faults[index].affected >= count { continue }
                // A network fault carries its own behaviour: it shapes this request's answer.
                if let network = state.faults[index].network {
                    guard scope.probability >= 1 || state.faults[index].generator.unit() < scope.probability else { continue }
                    state.faults[index].affected += 1
                    decision.network.append(network)
                    decision.shapers.append(network.shaper(for: request, using: &state.faults[index].generator))
                    decision.applied.append(network.note)
                    continue
                }
                switch state.faults[index].spec {
                case .latency(let fault):
                    guard scope.probability >= 1 || state.faults[index].generator.unit() < scope.probability else { continue }
                    state.faults[index].affected += 1
                    let ms = fault.delayMs(using: &state.faults[index].generator)
                    decision.delayMs += ms
                    decision.applied.append("latency:\(ms)")
                case .outage(let fault):
                    guard scope.probability >= 1 || state.faults[index].generator.unit() < scope.probability else { continue }
                    state.faults[index].affected += 1
                    if decision.outage == nil, decision.refusal == nil {
                        decision.outage = fault
                        decision.applied.append("outage:\(fault.kind.rawValue)")
                    }
                case .throttle:
                    // A request another throttle refused is not counted again.
                    guard decision.refusal == nil, var machine = state.faults[index].throttle else { continue }
                    let action = machine.arrive(at: now)
                    state.faults[index].throttle = machine
                    switch action {
                    case .admit(let quota):
                        if machine.fault.maxConcurrent != nil { decision.slots.append(state.faults[index].id) }
                        if let quota, quota.remaining < decision.quota?.remaining ?? .max { decision.quota = quota }
                    case .refuse(let refusal):
                        state.faults[index].affected += 1
                        decision.refusal = refusal
                        if let quota = refusal.quota { decision.quota = quota }
                        decision.applied.append("throttle:\(refusal.reason.rawValue)")
                    }
                case .drift, .auth, .retireVersions, .bandwidth, .slicer, .timeout, .limitData, .slowClose:
                    continue
                }
            }
            // A refused request is answered by the throttle, not the outage.
            if decision.refusal != nil, let outage = decision.outage {
                decision.applied.removeAll { $0 == "outage:\(outage.kind.rawValue)" }
                decision.outage = nil
            }
            return decision
        }
    }

    /// The target's path, found byte-wise: `HTTPRequest.path` looks for `?`
    /// character by character, a measurable cost on every request here.
    static func path(of target: String) -> String {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return target }
        return String(Substring(target.utf8[..<mark]))
    }

    private func release(_ ids: [Int]) {
        state.withLock { state in
            for index in state.faults.indices where ids.contains(state.faults[index].id) {
                state.faults[index].throttle?.finished()
            }
        }
    }
}
