import Foundation

/// One fault a fake was given, as the admin API lists it and evidence keeps it.
public struct FaultRecord: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable, CaseIterable {
        /// A traffic fault waiting for its `startAfterSeconds`.
        case pending
        /// A traffic fault in force.
        case active
        /// A traffic fault past its `durationSeconds` or `requestCount`.
        case ended
        /// A one-shot change that was made.
        case applied
        /// A one-shot change the fake refused (see `error`).
        case failed
    }

    public let id: Int
    /// The value's `type` (`latency`, `drift`…).
    public let type: String
    public let spec: FaultSpec
    /// When it was added or applied, on the journal clock.
    public let addedAt: Date
    public let state: State
    /// Requests its scope matched, and those it affected (traffic faults).
    public let matched: Int
    public let affected: Int
    /// What a one-shot change did (the rotated secret, the journal sequence).
    public let result: JSONValue?
    public let error: String?

    public init(
        id: Int, spec: FaultSpec, addedAt: Date, state: State, matched: Int = 0, affected: Int = 0, result: JSONValue? = nil,
        error: String? = nil
    ) {
        self.id = id
        self.type = spec.type
        self.spec = spec
        self.addedAt = addedAt
        self.state = state
        self.matched = matched
        self.affected = affected
        self.result = result
        self.error = error
    }
}
