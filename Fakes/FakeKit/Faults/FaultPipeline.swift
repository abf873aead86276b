import Foundation
import HTTP
import Synchronization

/// The fault layer in front of a dialect: holds the active faults and applies
/// them to each request, on the request's own connection thread (a latency
/// is a real sleep there and holds up no other client).
///
/// Each fault draws from its own generator, seeded from the pipeline's seed
/// and the fault's position, so the same requests in the same order meet the
/// same faults in every run.
public final class FaultPipeline: HTTPMiddleware {
    public struct Outcome: Sendable, Equatable {
        public let method: String
        public let path: String
        /// `pass`, `latency:<ms>`, `outage:<kind>` — what the layer did.
        public let applied: [String]
    }

    private struct Active {
        let id: Int
        let spec: FaultSpec
        var generator: SeededGenerator
        var matched = 0
        var affected = 0
    }

    private struct State {
        var faults: [Active] = []
        var nextID = 0
        var outcomes: [Outcome] = []
    }

    private let state = Mutex(State())
    private let seed: UInt64
    private let outageAnswer: @Sendable (HTTPStatus) -> HTTPResponse

    /// - Parameter outageAnswer: the dialect's own error for a 5xx outage.
    public init(seed: UInt64, outageAnswer: @escaping @Sendable (HTTPStatus) -> HTTPResponse) {
        self.seed = seed
        self.outageAnswer = outageAnswer
    }

    /// Activates a fault; returns its id for `clear(id:)`.
    @discardableResult
    public func add(_ spec: FaultSpec) -> Int {
        state.withLock { state in
            state.nextID += 1
            let generator = SeededGenerator(seed: seed &+ UInt64(state.nextID) &* 0x9E37_79B9)
            state.faults.append(Active(id: state.nextID, spec: spec, generator: generator))
            return state.nextID
        }
    }

    public func clear(id: Int? = nil) {
        state.withLock { state in state.faults.removeAll { id == nil || $0.id == id } }
    }

    public var active: [(id: Int, spec: FaultSpec)] { state.withLock { $0.faults.map { ($0.id, $0.spec) } } }

    /// What the layer did to each request so far, in arrival order.
    public var outcomes: [Outcome] { state.withLock { $0.outcomes } }

    public func handle(_ request: HTTPRequest, next: any HTTPHandler) throws -> HTTPResponse {
        let method = request.method.rawValue
        let path = request.path
        // Decide under the lock (counters and draws are per fault), act outside it.
        let (delayMs, outage) = state.withLock { state -> (Int, OutageFault?) in
            var delay = 0
            var outage: OutageFault?
            var applied: [String] = []
            for index in state.faults.indices {
                let scope = state.faults[index].spec.scope
                guard scope.matches(method: method, path: path) else { continue }
                state.faults[index].matched += 1
                guard state.faults[index].matched > scope.afterRequests else { continue }
                if let count = scope.requestCount, state.faults[index].affected >= count { continue }
                guard scope.probability >= 1 || state.faults[index].generator.unit() < scope.probability else { continue }
                state.faults[index].affected += 1
                switch state.faults[index].spec {
                case .latency(let fault):
                    let ms = fault.delayMs(using: &state.faults[index].generator)
                    delay += ms
                    applied.append("latency:\(ms)")
                case .outage(let fault):
                    if outage == nil {
                        outage = fault
                        applied.append("outage:\(fault.kind.rawValue)")
                    }
                }
            }
            state.outcomes.append(Outcome(method: method, path: path, applied: applied.isEmpty ? ["pass"] : applied))
            return (delay, outage)
        }
        if delayMs > 0 { usleep(UInt32(min(delayMs, 600_000)) * 1000) }
        guard let outage else { return try next.handle(request) }
        switch outage.kind {
        case .status: return outageAnswer(HTTPStatus(outage.status))
        case .reset: return HTTPResponse(action: .reset)
        case .holdOpen: return HTTPResponse(action: .holdOpen(milliseconds: outage.holdMs))
        case .closeMidBody:
            var response = next.respond(to: request)
            response.action = .truncateBody(afterBytes: max(0, response.body.count / 2))
            return response
        }
    }
}
