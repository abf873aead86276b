/// One value of a picklist or multi-select picklist.
public struct PicklistValue: Sendable, Hashable, Codable {
    public var value: String
    public var label: String
    public var active: Bool
    public var defaultValue: Bool
    /// For `StageName`: whether the stage closes and wins the opportunity.
    public var isClosed: Bool?
    public var isWon: Bool?
    /// For `StageName`: the default probability of the stage (percent).
    public var probability: Int?

    public init(
        _ value: String, label: String? = nil, active: Bool = true, defaultValue: Bool = false,
        isClosed: Bool? = nil, isWon: Bool? = nil, probability: Int? = nil
    ) {
        self.value = value
        self.label = label ?? value
        self.active = active
        self.defaultValue = defaultValue
        self.isClosed = isClosed
        self.isWon = isWon
        self.probability = probability
    }

    private enum CodingKeys: String, CodingKey {
        case value, label, active, defaultValue, isClosed, isWon, probability
    }

    /// Decodes the org-file form, where only `value` is required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try c.decode(String.self, forKey: .value), label: try c.decodeIfPresent(String.self, forKey: .label),
            active: try c.decodeIfPresent(Bool.self, forKey: .active) ?? true,
            defaultValue: try c.decodeIfPresent(Bool.self, forKey: .defaultValue) ?? false,
            isClosed: try c.decodeIfPresent(Bool.self, forKey: .isClosed), isWon: try c.decodeIfPresent(Bool.self, forKey: .isWon),
            probability: try c.decodeIfPresent(Int.self, forKey: .probability))
    }
}
