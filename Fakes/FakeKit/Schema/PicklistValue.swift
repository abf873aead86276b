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
}
