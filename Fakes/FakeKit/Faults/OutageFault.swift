/// Matching requests fail: with a 5xx status, or at the connection level.
public struct OutageFault: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Answer `status` (500, 502, 503 or 504) in the dialect's error shape.
        case status
        /// Reset the connection (TCP RST) without an answer.
        case reset
        /// Send the head and part of the body, then close.
        case closeMidBody
        /// Send nothing for `holdMs`, then close.
        case holdOpen
    }

    public var kind: Kind
    public var status: Int
    public var holdMs: Int
    public var scope: FaultScope

    public init(kind: Kind, status: Int = 503, holdMs: Int = 30_000, scope: FaultScope = FaultScope()) {
        self.kind = kind
        self.status = status
        self.holdMs = holdMs
        self.scope = scope
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case type, kind, status, holdMs, scope }

    public init(from decoder: any Decoder) throws {
        try FaultDecoding.refuseUnknownKeys(decoder, allowed: Self.description.keys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try c.decode(Kind.self, forKey: .kind), status: try c.decodeIfPresent(Int.self, forKey: .status) ?? 503,
            holdMs: try c.decodeIfPresent(Int.self, forKey: .holdMs) ?? 30_000, scope: try c.decodeIfPresent(FaultScope.self, forKey: .scope) ?? FaultScope())
        guard [500, 502, 503, 504].contains(status) else {
            throw DecodingError.dataCorruptedError(forKey: .status, in: c, debugDescription: "status must be 500, 502, 503 or 504")
        }
        try FaultDecoding.checkValues(decoder, against: Self.description)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("outage", forKey: .type)
        try c.encode(kind, forKey: .kind)
        try c.encode(status, forKey: .status)
        try c.encode(holdMs, forKey: .holdMs)
        try c.encode(scope, forKey: .scope)
    }
}
