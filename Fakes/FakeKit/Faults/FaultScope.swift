import Foundation

/// Which requests a fault applies to, and when. Every condition given must
/// hold; an empty scope matches every request for as long as the fault is active.
public struct FaultScope: Codable, Sendable, Equatable {
    /// Path prefixes (`/services/data/v59.0/query`); any of them.
    public var pathPrefixes: [String]
    /// HTTP methods (`GET`, `PATCH`); any of them.
    public var methods: [String]
    /// Chance, 0…1, that a matching request is affected (drawn from the seeded generator).
    public var probability: Double
    /// Matching requests to let through before the fault starts.
    public var afterRequests: Int
    /// How many matching requests it affects before it ends by itself (nil: until cleared).
    public var requestCount: Int?
    /// Seconds on the journal clock, from when the fault was added, before it starts.
    public var startAfterSeconds: Double
    /// Seconds on the journal clock it lasts once started (nil: until cleared).
    public var durationSeconds: Double?

    public init(
        pathPrefixes: [String] = [], methods: [String] = [], probability: Double = 1, afterRequests: Int = 0, requestCount: Int? = nil,
        startAfterSeconds: Double = 0, durationSeconds: Double? = nil
    ) {
        self.pathPrefixes = pathPrefixes
        self.methods = methods
        self.probability = probability
        self.afterRequests = afterRequests
        self.requestCount = requestCount
        self.startAfterSeconds = startAfterSeconds
        self.durationSeconds = durationSeconds
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case pathPrefixes, methods, probability, afterRequests, requestCount, startAfterSeconds, durationSeconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try FaultDecoding.refuseUnknownKeys(decoder, allowed: FaultDescription.scope.map(\.name))
        self.init(
            pathPrefixes: try c.decodeIfPresent([String].self, forKey: .pathPrefixes) ?? [],
            methods: try c.decodeIfPresent([String].self, forKey: .methods) ?? [],
            probability: try c.decodeIfPresent(Double.self, forKey: .probability) ?? 1,
            afterRequests: try c.decodeIfPresent(Int.self, forKey: .afterRequests) ?? 0,
            requestCount: try c.decodeIfPresent(Int.self, forKey: .requestCount),
            startAfterSeconds: try c.decodeIfPresent(Double.self, forKey: .startAfterSeconds) ?? 0,
            durationSeconds: try c.decodeIfPresent(Double.self, forKey: .durationSeconds))
        guard (0...1).contains(probability) else {
            throw DecodingError.dataCorruptedError(forKey: .probability, in: c, debugDescription: "probability must be between 0 and 1")
        }
        guard afterRequests >= 0, (requestCount ?? 0) >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .afterRequests, in: c, debugDescription: "afterRequests and requestCount must not be negative")
        }
        guard startAfterSeconds >= 0, (durationSeconds ?? 0) >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .startAfterSeconds, in: c, debugDescription: "startAfterSeconds and durationSeconds must not be negative")
        }
    }

    func matches(method: String, path: String) -> Bool {
        (pathPrefixes.isEmpty || pathPrefixes.contains { path.hasPrefix($0) })
            && (methods.isEmpty || methods.contains { $0.caseInsensitiveEquals(method) })
    }

    /// Whether the fault's time window holds `elapsed` seconds after it was added.
    func isWithinTime(elapsed: TimeInterval) -> Bool {
        guard elapsed >= startAfterSeconds else { return false }
        guard let durationSeconds else { return true }
        return elapsed < startAfterSeconds + durationSeconds
    }

    /// Whether the time window has passed for good.
    func hasEnded(elapsed: TimeInterval) -> Bool {
        guard let durationSeconds else { return false }
        return elapsed >= startAfterSeconds + durationSeconds
    }
}
