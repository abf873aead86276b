/// Refuses requests over a quota, in the dialect's own words: a request
/// quota per fixed window (`limit` per `windowSeconds`), a cap on requests
/// in flight at once (`maxConcurrent`), or both. Only requests the dialect
/// meters count (Salesforce: `/services/data/vXX.X/…`; the PRM: `/api/…`),
/// and refused requests do not count toward the quota.
public struct ThrottleFault: Codable, Sendable, Equatable {
    /// Requests admitted per window (nil: no quota).
    public var limit: Int?
    /// Length of a window in seconds on the journal clock; windows start when the fault is added.
    public var windowSeconds: Double
    /// Requests handled at once before further ones are refused (nil: no cap).
    public var maxConcurrent: Int?
    /// Whether a refusal tells the client when to come back (`Retry-After`),
    /// where the API may answer either way (HubSpot often omits it, and its
    /// client retries silently when it is there). Nil: the API's own habit.
    public var retryAfter: Bool?
    public var scope: FaultScope

    public init(limit: Int? = nil, windowSeconds: Double = 60, maxConcurrent: Int? = nil, retryAfter: Bool? = nil, scope: FaultScope = FaultScope()) {
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.maxConcurrent = maxConcurrent
        self.retryAfter = retryAfter
        self.scope = scope
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case type, limit, windowSeconds, maxConcurrent, retryAfter, scope }

    public init(from decoder: any Decoder) throws {
        try FaultDecoding.refuseUnknownKeys(decoder, allowed: Self.description.keys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            limit: try c.decodeIfPresent(Int.self, forKey: .limit), windowSeconds: try c.decodeIfPresent(Double.self, forKey: .windowSeconds) ?? 60,
            maxConcurrent: try c.decodeIfPresent(Int.self, forKey: .maxConcurrent), retryAfter: try c.decodeIfPresent(Bool.self, forKey: .retryAfter),
            scope: try c.decodeIfPresent(FaultScope.self, forKey: .scope) ?? FaultScope())
        guard limit != nil || maxConcurrent != nil else {
            throw DecodingError.dataCorruptedError(forKey: .limit, in: c, debugDescription: "a throttle needs a limit (per windowSeconds), a maxConcurrent, or both")
        }
        guard (limit ?? 0) >= 0, (maxConcurrent ?? 1) >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .limit, in: c, debugDescription: "limit must not be negative and maxConcurrent must be at least 1")
        }
        guard windowSeconds > 0 else {
            throw DecodingError.dataCorruptedError(forKey: .windowSeconds, in: c, debugDescription: "windowSeconds must be greater than 0")
        }
        // A quota counts every matching request; a random share of them would be no quota at all.
        guard scope.probability == 1 else {
            throw DecodingError.dataCorruptedError(forKey: .scope, in: c, debugDescription: "scope.probability does not apply to a throttle")
        }
        try FaultDecoding.checkValues(decoder, against: Self.description)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("throttle", forKey: .type)
        try c.encodeIfPresent(limit, forKey: .limit)
        try c.encode(windowSeconds, forKey: .windowSeconds)
        try c.encodeIfPresent(maxConcurrent, forKey: .maxConcurrent)
        try c.encodeIfPresent(retryAfter, forKey: .retryAfter)
        try c.encode(scope, forKey: .scope)
    }
}
