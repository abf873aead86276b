import HTTP

/// Cuts the answer's body after `bytes` bytes and closes the connection, as
/// Toxiproxy's `limit_data`: the head promised the whole `Content-Length`,
/// so the client sees a truncated body. An answer no longer than `bytes`
/// arrives whole, and the connection still closes after it.
public struct LimitDataFault: Codable, Sendable, Equatable, NetworkFault {
    public var bytes: Int
    public var scope: FaultScope

    public init(bytes: Int, scope: FaultScope = FaultScope()) {
        self.bytes = bytes
        self.scope = scope
    }

    public static let description = FaultDescription(
        type: "limitData", summary: "Sends the head and the first bytes of the body, then closes the connection.",
        isTraffic: true,
        attributes: [
            FaultAttribute(
                "bytes", .integer, unit: .bytes, required: true, minimum: 0, "Body bytes sent before the close.")
        ],
        examples: [["type": "limitData", "bytes": 100, "scope": ["pathPrefixes": ["/api/v1/partners"]]]])

    enum CodingKeys: String, CodingKey, CaseIterable { case type, bytes, scope }

    public init(from decoder: any Decoder) throws {
        try FaultDecoding.refuseUnknownKeys(decoder, allowed: Self.description.keys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            bytes: try c.decode(Int.self, forKey: .bytes),
            scope: try c.decodeIfPresent(FaultScope.self, forKey: .scope) ?? FaultScope())
        try FaultDecoding.checkValues(decoder, against: Self.description)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("limitData", forKey: .type)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(scope, forKey: .scope)
    }

    public var note: String { "limitData:\(bytes)" }
    public var connectionNote: String { "limitData" }

    public func shaper(for request: HTTPRequest, using generator: inout SeededGenerator) -> any DeliveryShaper {
        Shaper(bodyBytes: bytes)
    }

    struct Shaper: DeliveryShaper {
        let bodyBytes: Int
        var endsConnection: Bool { true }

        func shape(_ plan: inout DeliveryPlan) {
            let limit = plan.headLength + bodyBytes
            var steps: [DeliveryPlan.Step] = []
            for step in plan.steps {
                if case .write(let range) = step {
                    if range.lowerBound >= limit { break }
                    steps.append(.write(range.lowerBound..<min(range.upperBound, limit)))
                    if range.upperBound >= limit { break }
                } else {
                    steps.append(step)
                    if step == .close { break }
                }
            }
            if steps.last != .close { steps.append(.close) }
            plan.steps = steps
        }
    }
}
