import HTTP

/// Limits matching exchanges to `bytesPerSecond` in both directions: the
/// answer is written in small pieces, each after the time its bytes take at
/// that rate, and before the first piece the connection waits as long as the
/// request's own bytes would have taken to arrive (the request is read at
/// loopback speed before the fault layer sees it, so its cost is paid here).
public struct BandwidthFault: Codable, Sendable, Equatable, NetworkFault {
    public var bytesPerSecond: Int
    public var scope: FaultScope

    public init(bytesPerSecond: Int, scope: FaultScope = FaultScope()) {
        self.bytesPerSecond = bytesPerSecond
        self.scope = scope
    }

    public static let description = FaultDescription(
        type: "bandwidth",
        summary:
            "Limits the exchange to a rate in both directions: the answer trickles out at bytesPerSecond, after the time the request's bytes would have taken.",
        isTraffic: true,
        attributes: [
            FaultAttribute(
                "bytesPerSecond", .integer, unit: .bytesPerSecond, required: true, minimum: 1,
                "The rate, in each direction.")
        ],
        examples: [
            ["type": "bandwidth", "bytesPerSecond": 10_240, "scope": ["pathPrefixes": ["/services/data/v59.0/query"]]]
        ])

    enum CodingKeys: String, CodingKey, CaseIterable { case type, bytesPerSecond, scope }

    public init(from decoder: any Decoder) throws {
        try FaultDecoding.refuseUnknownKeys(decoder, allowed: Self.description.keys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            bytesPerSecond: try c.decode(Int.self, forKey: .bytesPerSecond),
            scope: try c.decodeIfPresent(FaultScope.self, forKey: .scope) ?? FaultScope())
        try FaultDecoding.checkValues(decoder, against: Self.description)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("bandwidth", forKey: .type)
        try c.encode(bytesPerSecond, forKey: .bytesPerSecond)
        try c.encode(scope, forKey: .scope)
    }

    public var note: String { "bandwidth:\(bytesPerSecond)" }

    public func shaper(for request: HTTPRequest, using generator: inout SeededGenerator) -> any DeliveryShaper {
        Shaper(bytesPerSecond: bytesPerSecond, requestBytes: request.wireSize)
    }

    /// Pieces of about 20 ms each at the rate, each written after its own transfer time.
    struct Shaper: DeliveryShaper {
        let bytesPerSecond: Int
        let requestBytes: Int
        var endsConnection: Bool { false }

        func shape(_ plan: inout DeliveryPlan) {
            let piece = max(1, bytesPerSecond / 50)
            plan.splitWrites { range in
                stride(from: range.lowerBound, to: range.upperBound, by: piece).flatMap {
                    start -> [DeliveryPlan.Step] in
                    let end = min(range.upperBound, start + piece)
                    return [.pause(.transfer(of: end - start, at: bytesPerSecond)), .write(start..<end)]
                }
            }
            if requestBytes > 0 { plan.steps.insert(.pause(.transfer(of: requestBytes, at: bytesPerSecond)), at: 0) }
        }
    }
}

extension HTTPRequest {
    /// The request's size on the wire, near enough: request line, fields, body.
    var wireSize: Int {
        var size = method.rawValue.utf8.count + target.utf8.count + 12 + 2 + body.count
        for (name, value) in headers { size += name.utf8.count + value.utf8.count + 4 }
        return size
    }
}
