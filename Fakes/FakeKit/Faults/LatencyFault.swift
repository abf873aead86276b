/// Delays matching requests before they are handled.
public struct LatencyFault: Codable, Sendable, Equatable {
    public enum Distribution: String, Codable, Sendable, CaseIterable {
        /// Always `latencyMs`.
        case fixed
        /// Uniform in `latencyMs ± jitterMs`.
        case uniform
        /// Log-normal with median `latencyMs` and shape `sigma`.
        case logNormal
    }

    public var distribution: Distribution
    public var latencyMs: Int
    public var jitterMs: Int
    public var sigma: Double
    public var scope: FaultScope

    public init(distribution: Distribution = .fixed, latencyMs: Int, jitterMs: Int = 0, sigma: Double = 0.5, scope: FaultScope = FaultScope()) {
        self.distribution = distribution
        self.latencyMs = latencyMs
        self.jitterMs = jitterMs
        self.sigma = sigma
        self.scope = scope
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case type, distribution, latencyMs, jitterMs, sigma, scope }

    public init(from decoder: any Decoder) throws {
        try FaultDecoding.refuseUnknownKeys(decoder, allowed: Self.description.keys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            distribution: try c.decodeIfPresent(Distribution.self, forKey: .distribution) ?? .fixed,
            latencyMs: try c.decode(Int.self, forKey: .latencyMs), jitterMs: try c.decodeIfPresent(Int.self, forKey: .jitterMs) ?? 0,
            sigma: try c.decodeIfPresent(Double.self, forKey: .sigma) ?? 0.5, scope: try c.decodeIfPresent(FaultScope.self, forKey: .scope) ?? FaultScope())
        guard latencyMs >= 0, jitterMs >= 0, sigma >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .latencyMs, in: c, debugDescription: "latencyMs, jitterMs and sigma must not be negative")
        }
        try FaultDecoding.checkValues(decoder, against: Self.description)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("latency", forKey: .type)
        try c.encode(distribution, forKey: .distribution)
        try c.encode(latencyMs, forKey: .latencyMs)
        try c.encode(jitterMs, forKey: .jitterMs)
        try c.encode(sigma, forKey: .sigma)
        try c.encode(scope, forKey: .scope)
    }

    /// The delay for one request, in milliseconds.
    func delayMs(using generator: inout SeededGenerator) -> Int {
        switch distribution {
        case .fixed: latencyMs
        case .uniform: max(0, latencyMs + Int((generator.unit() * 2 - 1) * Double(jitterMs)))
        case .logNormal: max(0, Int((Double(latencyMs) * _exp(sigma * generator.normal())).rounded()))
        }
    }
}

import Foundation

private func _exp(_ x: Double) -> Double { Foundation.exp(x) }
