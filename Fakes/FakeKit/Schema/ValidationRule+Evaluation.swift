extension ValidationRule.Condition {
    /// Whether the condition holds for a record's field values (names canonical).
    public func holds(for fields: [String: JSONValue]) -> Bool {
        func value(_ name: String) -> JSONValue {
            fields[name] ?? fields.first { $0.key.caseInsensitiveEquals(name) }?.value ?? .null
        }
        switch self {
        case .isBlank(let field):
            let v = value(field)
            return v.isNull || v == .string("")
        case .equals(let field, let expected): return value(field) == expected
        case .greaterThan(let field, let limit): return (value(field).doubleValue ?? -.infinity) > limit
        case .lessThan(let field, let limit): return (value(field).doubleValue ?? .infinity) < limit
        case .and(let all): return all.allSatisfy { $0.holds(for: fields) }
        case .or(let any): return any.contains { $0.holds(for: fields) }
        case .not(let inner): return !inner.holds(for: fields)
        }
    }
}
