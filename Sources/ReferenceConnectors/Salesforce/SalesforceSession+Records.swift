import Foundation

/// The CRM-session reads of Salesforce, as SOQL: conditions become a `WHERE`
/// clause, changes are read by `SystemModstamp` with `queryAll` (so deletions
/// are seen), and the connector's own changes are its user's `LastModifiedById`.
extension SalesforceSession {
    func prepare() throws(RemoteError) {}

    func records(_ object: String, fields: [String], where conditions: [CRMCondition]) throws(RemoteError) -> [[String:
        Any]]
    {
        var soql = "SELECT \((fields.contains("Id") ? fields : ["Id"] + fields).joined(separator: ", ")) FROM \(object)"
        if !conditions.isEmpty { soql += " WHERE " + conditions.map(Self.soql).joined(separator: " AND ") }
        return try query(soql)
    }

    func changed(_ object: String, fields: [String], since watermark: String?) throws(RemoteError) -> [[String: Any]] {
        var soql = "SELECT \(fields.joined(separator: ", ")) FROM \(object)"
        if let watermark { soql += " WHERE SystemModstamp >= \(watermark)" }
        return try query(soql + " ORDER BY SystemModstamp ASC", all: true)
    }

    func recordType(_ object: String, developerName: String) throws(RemoteError) -> String? {
        try first(
            "RecordType", fields: ["Id"],
            where: [.equals("SobjectType", object), .equals("DeveloperName", developerName)])?["Id"] as? String
    }

    func isOwnChange(_ record: [String: Any]) -> Bool {
        guard let userID else { return false }
        return record["LastModifiedById"] as? String == userID
    }

    static func soql(_ condition: CRMCondition) -> String {
        switch condition {
        case .equals(let field, let value as Bool): "\(field) = \(value)"
        case .equals(let field, let value): "\(field) = \(literal(JSONBody.text(value) ?? ""))"
        case .isNull(let field): "\(field) = null"
        case .notNull(let field): "\(field) != null"
        }
    }

    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
