import HTTP

/// The request is handled (its writes happen), but no byte of the answer
/// is sent: the connection stays silent for `timeoutMs`, then closes, as
/// Toxiproxy's `timeout` on the downstream. With 0 it stays silent until
/// the client gives up or the server stops. Unlike `outage` `holdOpen`,
/// the fake did the work: the client cannot tell whether its write landed.
public struct TimeoutFault: Codable, Sendable, Equatable, NetworkFault {
    public var timeoutMs: Int
    public var scope: FaultScope

    public init(timeoutMs: Int = 30_000, scope: FaultScope = FaultScope()) {
        self.timeoutMs = timeoutMs
        self.scope = scope
    }

    public static let description = FaultDescription(
        type: "timeout",
        summary: "Handles the request, sends nothing of the answer, and closes the connection after timeoutMs.",
        isTraffic: true,
        attributes: [
            FaultAttribute(
                "timeoutMs", .integer, unit: .milliseconds, default: 30_000, minimum: 0,
                "Silence before the close; 0: silent until the client gives up or the server stops.")
        ],
        examples: [["type": "timeout", "timeoutMs": 5_000, "scope": ["methods": ["PATCH"], "requestCount": 1]]])

    enum CodingKeys: String, CodingKey, CaseIterable { case type, timeoutMs, scope }

    public init(from decoder: any Decoder) throws {
        try FaultDecoding.refuseUnknownKeys(decoder, allowed: Self.description.keys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            timeoutMs: try c.decodeIfPresent(Int.self, forKey: .timeoutMs) ?? 30_000,
            scope: try c.decodeIfPresent(FaultScope.self, forKey: .scope) ?? FaultScope())
        try FaultDecoding.checkValues(decoder, against: Self.description)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("timeout", forKey: .type)
        try c.encode(timeoutMs, forKey: .timeoutMs)
        try c.encode(scope, forKey: .scope)
    }

    public var note: String { "timeout:\(timeoutMs)" }
    public var connectionNote: String { "timeout" }
    public var withholdsAnswer: Bool { true }

    public func shaper(for request: HTTPRequest, using generator: inout SeededGenerator) -> any DeliveryShaper {
        Shaper(timeoutMs: timeoutMs)
    }

    struct Shaper: DeliveryShaper {
        let timeoutMs: Int
        var endsConnection: Bool { true }

        func shape(_ plan: inout DeliveryPlan) {
            // "Until the server stops": a day is longer than any run, and the pause wakes on a stop.
            plan.steps = [.pause(timeoutMs == 0 ? .seconds(86_400) : .milliseconds(timeoutMs)), .close]
        }
    }
}
