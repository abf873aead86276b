/// Which requests a fault applies to. Every condition given must hold; an
/// empty scope matches every request.
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

    public init(pathPrefixes: [String] = [], methods: [String] = [], probability: Double = 1, afterRequests: Int = 0, requestCount: Int? = nil) {
        self.pathPrefixes = pathPrefixes
        self.methods = methods
        self.probability = probability
        self.afterRequests = afterRequests
        self.requestCount = requestCount
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case pathPrefixes, methods, probability, afterRequests, requestCount }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try FaultDecoding.refuseUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        self.init(
            pathPrefixes: try c.decodeIfPresent([String].self, forKey: .pathPrefixes) ?? [],
            methods: try c.decodeIfPresent([String].self, forKey: .methods) ?? [],
            probability: try c.decodeIfPresent(Double.self, forKey: .probability) ?? 1,
            afterRequests: try c.decodeIfPresent(Int.self, forKey: .afterRequests) ?? 0,
            requestCount: try c.decodeIfPresent(Int.self, forKey: .requestCount))
        guard (0...1).contains(probability) else {
            throw DecodingError.dataCorruptedError(forKey: .probability, in: c, debugDescription: "probability must be between 0 and 1")
        }
    }

    func matches(method: String, path: String) -> Bool {
        (pathPrefixes.isEmpty || pathPrefixes.contains { path.hasPrefix($0) })
            && (methods.isEmpty || methods.contains { $0.caseInsensitiveEquals(method) })
    }
}
