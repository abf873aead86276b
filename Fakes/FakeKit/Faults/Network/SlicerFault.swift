import HTTP

/// Dribbles the answer out in small chunks with a pause between them, as
/// Toxiproxy's `slicer`: chunk sizes are `averageBytes ± variationBytes`
/// (drawn from the fault's seeded generator), `delayMs` apart.
public struct SlicerFault: Codable, Sendable, Equatable, NetworkFault {
    public var averageBytes: Int
    public var variationBytes: Int
    public var delayMs: Int
    public var scope: FaultScope

    public init(averageBytes: Int = 64, variationBytes: Int = 0, delayMs: Int = 10, scope: FaultScope = FaultScope()) {
        self.averageBytes = averageBytes
        self.variationBytes = variationBytes
        self.delayMs = delayMs
        self.scope = scope
    }

    public static let description = FaultDescription(
        type: "slicer", summary: "Dribbles the answer (head and body) out in small chunks with a pause between them.",
        isTraffic: true,
        attributes: [
            FaultAttribute("averageBytes", .integer, unit: .bytes, default: 64, minimum: 1, "Average size of a chunk."),
            FaultAttribute(
                "variationBytes", .integer, unit: .bytes, default: 0, minimum: 0,
                "A chunk is averageBytes ± up to this much (less than averageBytes)."),
            FaultAttribute(
                "delayMs", .integer, unit: .milliseconds, default: 10, minimum: 0, maximum: 60_000,
                "Pause between two chunks."),
        ],
        rules: ["variationBytes must be less than averageBytes"],
        examples: [["type": "slicer", "averageBytes": 100, "variationBytes": 40, "delayMs": 20]])

    enum CodingKeys: String, CodingKey, CaseIterable { case type, averageBytes, variationBytes, delayMs, scope }

    public init(from decoder: any Decoder) throws {
        try FaultDecoding.refuseUnknownKeys(decoder, allowed: Self.description.keys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            averageBytes: try c.decodeIfPresent(Int.self, forKey: .averageBytes) ?? 64,
            variationBytes: try c.decodeIfPresent(Int.self, forKey: .variationBytes) ?? 0,
            delayMs: try c.decodeIfPresent(Int.self, forKey: .delayMs) ?? 10,
            scope: try c.decodeIfPresent(FaultScope.self, forKey: .scope) ?? FaultScope())
        try FaultDecoding.checkValues(decoder, against: Self.description)
        guard variationBytes < averageBytes else {
            throw DecodingError.dataCorruptedError(
                forKey: .variationBytes, in: c, debugDescription: "variationBytes must be less than averageBytes")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("slicer", forKey: .type)
        try c.encode(averageBytes, forKey: .averageBytes)
        try c.encode(variationBytes, forKey: .variationBytes)
        try c.encode(delayMs, forKey: .delayMs)
        try c.encode(scope, forKey: .scope)
    }

    public var note: String { "slicer:\(averageBytes)" }

    public func shaper(for request: HTTPRequest, using generator: inout SeededGenerator) -> any DeliveryShaper {
        Shaper(fault: self, seed: generator.next())
    }

    struct Shaper: DeliveryShaper {
        let fault: SlicerFault
        /// Drawn from the fault's generator, so each answer's chunks follow from the run's seed.
        let seed: UInt64
        var endsConnection: Bool { false }

        func shape(_ plan: inout DeliveryPlan) {
            var generator = SeededGenerator(seed: seed)
            plan.splitWrites { range in
                var pieces: [DeliveryPlan.Step] = []
                var start = range.lowerBound
                while start < range.upperBound {
                    let spread =
                        fault.variationBytes == 0 ? 0 : Int((generator.unit() * 2 - 1) * Double(fault.variationBytes))
                    let end = min(range.upperBound, start + max(1, fault.averageBytes + spread))
                    if start > range.lowerBound, fault.delayMs > 0 {
                        pieces.append(.pause(.milliseconds(fault.delayMs)))
                    }
                    pieces.append(.write(start..<end))
                    start = end
                }
                return pieces
            }
        }
    }
}
