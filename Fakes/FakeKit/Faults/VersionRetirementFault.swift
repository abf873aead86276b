/// Retires every API version below `below`, at once: requests to a retired
/// version are refused as the real API refuses them, and the version
/// disappears from the version list. Only dialects with versioned URLs
/// (Salesforce's `/services/data/vNN.N`) accept it.
public struct VersionRetirementFault: Codable, Sendable, Equatable {
    /// The oldest version still served, as `NN.N` (`v` prefix accepted on input).
    public var below: String

    public init(below: String) { self.below = below.hasPrefix("v") ? String(below.dropFirst()) : below }

    /// `below` as a number, for comparisons.
    public var threshold: Double { Double(below) ?? 0 }

    enum CodingKeys: String, CodingKey, CaseIterable { case type, below }

    public init(from decoder: any Decoder) throws {
        try FaultDecoding.refuseUnknownKeys(decoder, allowed: Self.description.keys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(below: try c.decode(String.self, forKey: .below))
        let parts = below.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else {
            throw DecodingError.dataCorruptedError(forKey: .below, in: c, debugDescription: "below must be a version such as \"40.0\" or \"v40.0\"")
        }
        try FaultDecoding.checkValues(decoder, against: Self.description)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("retireVersions", forKey: .type)
        try c.encode(below, forKey: .below)
    }
}
