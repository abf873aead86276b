import HTTP

/// Sends the answer whole, then keeps the connection open `delayMs` before
/// closing it, as Toxiproxy's `slow_close`. The head says
/// `Connection: close`, so a client that waits for the close (or for its
/// pool to let the connection go) waits that long.
public struct SlowCloseFault: Codable, Sendable, Equatable, NetworkFault {
    public var delayMs: Int
    public var scope: FaultScope

    public init(delayMs: Int, scope: FaultScope = FaultScope()) {
        self.delayMs = delayMs
        self.scope = scope
    }

    public static let description = FaultDescription(
        type: "slowClose", summary: "Sends the answer, then waits delayMs before closing the connection.",
        isTraffic: true,
        attributes: [
            FaultAttribute(
                "delayMs", .integer, unit: .milliseconds, required: true, minimum: 0,
                "Wait between the answer's last byte and the close.")
        ],
        examples: [["type": "slowClose", "delayMs": 2_000]])

    enum CodingKeys: String, CodingKey, CaseIterable { case type, delayMs, scope }

    public init(from decoder: any Decoder) throws {
        try FaultDecoding.refuseUnknownKeys(decoder, allowed: Self.description.keys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            delayMs: try c.decode(Int.self, forKey: .delayMs),
            scope: try c.decodeIfPresent(FaultScope.self, forKey: .scope) ?? FaultScope())
        try FaultDecoding.checkValues(decoder, against: Self.description)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("slowClose", forKey: .type)
        try c.encode(delayMs, forKey: .delayMs)
        try c.encode(scope, forKey: .scope)
    }

    public var note: String { "slowClose:\(delayMs)" }
    public var connectionNote: String { "slowClose" }

    public func shaper(for request: HTTPRequest, using generator: inout SeededGenerator) -> any DeliveryShaper {
        Shaper(delayMs: delayMs)
    }

    struct Shaper: DeliveryShaper {
        let delayMs: Int
        var endsConnection: Bool { true }

        func shape(_ plan: inout DeliveryPlan) {
            if let close = plan.steps.firstIndex(of: .close) {
                plan.steps.insert(.pause(.milliseconds(delayMs)), at: close)
            } else {
                plan.steps += [.pause(.milliseconds(delayMs)), .close]
            }
        }
    }
}
