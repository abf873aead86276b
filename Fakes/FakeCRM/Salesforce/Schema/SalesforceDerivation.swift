import FakeKit

/// Salesforce's own computed fields: `IsClosed`, `IsWon` and the default
/// `Probability` follow an opportunity's `StageName` through the stage's
/// picklist entry (Setup → Opportunity Stages); `ForecastCategoryName`
/// follows closed stages; a person's `Name` is first and last name.
struct SalesforceDerivation: FieldDerivation {
    func derive(
        object: ObjectDefinition, field: (String) -> FieldDefinition?, previous: Record?, changed: Set<String>,
        fields: inout [String: JSONValue]
    ) {
        if let name = field("Name"), !name.createable, field("LastName") != nil {
            let parts = [fields["FirstName"]?.stringValue, fields["LastName"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty }
            fields[name.name] = parts.isEmpty ? nil : .string(parts.joined(separator: " "))
        }
        guard let stageField = field("StageName"), changed.contains(stageField.name) || previous == nil,
            case .string(let stage) = fields[stageField.name] ?? .null,
            let entry = stageField.picklistValues.first(where: { $0.value == stage })
        else { return }
        if field("IsClosed") != nil, let isClosed = entry.isClosed { fields["IsClosed"] = .bool(isClosed) }
        if field("IsWon") != nil, let isWon = entry.isWon { fields["IsWon"] = .bool(isWon) }
        // An explicit probability in the same write wins, as in Salesforce.
        if let probability = entry.probability, field("Probability") != nil, !changed.contains("Probability") {
            fields["Probability"] = .int(probability)
        }
        let hasForecast = field("ForecastCategoryName") != nil
        if hasForecast, entry.isClosed == true {
            fields["ForecastCategoryName"] = .string("Closed")
        } else if hasForecast, fields["ForecastCategoryName"] == nil || previous?.fields["IsClosed"] == .bool(true) {
            fields["ForecastCategoryName"] = .string("Pipeline")
        }
    }
}
