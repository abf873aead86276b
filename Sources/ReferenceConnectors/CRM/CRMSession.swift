import Foundation

/// A CRM as the reference connectors use it, in the library's vocabulary
/// (Salesforce's object and field names: `Account`, `Opportunity.StageName`,
/// `AccountId`): the sync logic is written once against this protocol, and
/// each dialect's session translates to its own API. `SalesforceSession`
/// speaks REST and SOQL; `HubSpotSession` projects the names onto HubSpot's
/// objects, properties and associations (`HubSpotProjection`).
protocol CRMSession: AnyObject {
    /// Anything the connector sets up once before syncing (HubSpot: its custom properties).
    func prepare() throws(RemoteError)
    /// The objects served, as describeGlobal entries (`name`, `queryable`).
    func describeGlobal() throws(RemoteError) -> [[String: Any]]
    /// One object's fields, as a describe result (`fields`: `name`, `type`, `label`, `custom`, `picklistValues`, `length`).
    func describe(_ object: String) throws(RemoteError) -> [String: Any]
    /// The records of `object` that meet every condition, with `fields` (and `Id`).
    func records(_ object: String, fields: [String], where conditions: [CRMCondition]) throws(RemoteError) -> [[String:
        Any]]
    /// The records changed at or after `watermark` (all when nil), oldest change
    /// first, each with its change stamp under `SystemModstamp`.
    func changed(_ object: String, fields: [String], since watermark: String?) throws(RemoteError) -> [[String: Any]]
    func create(_ object: String, _ fields: [String: Any]) throws(RemoteError) -> String
    func update(_ object: String, _ id: String, _ fields: [String: Any]) throws(RemoteError)
    func delete(_ object: String, _ id: String) throws(RemoteError)
    /// Many creates in as few requests as the API allows; a result per record, in order.
    func createMany(_ object: String, _ records: [[String: Any]]) throws(RemoteError) -> [Result<String, RemoteError>]
    /// The id of a record type (nil where the CRM has no record types).
    func recordType(_ object: String, developerName: String) throws(RemoteError) -> String?
    /// Whether this connector made the record's latest change (so it is not synced back).
    func isOwnChange(_ record: [String: Any]) -> Bool
}

/// A condition on a field, in the library's vocabulary.
enum CRMCondition {
    case equals(String, Any)
    case isNull(String)
    case notNull(String)
}

extension CRMSession {
    /// The first record that meets the conditions.
    func first(_ object: String, fields: [String], where conditions: [CRMCondition]) throws(RemoteError) -> [String:
        Any]?
    {
        try records(object, fields: fields, where: conditions).first
    }
}

/// The session for a dialect, from `SV_CRM_DIALECT` (or a systems file's `dialect`).
enum CRMSessions {
    static let dialects = ["salesforce", "hubspot"]

    struct UnknownDialect: Error, CustomStringConvertible {
        let name: String
        var description: String {
            "the reference connectors speak no CRM dialect '\(name)' (known: \(CRMSessions.dialects.joined(separator: ", ")))"
        }
    }

    static func open(dialect: String, credentials: ConnectorEnvironment.CRMCredentials, transport: Transport)
        throws(UnknownDialect) -> any CRMSession
    {
        switch dialect {
        case "salesforce": SalesforceSession(credentials: credentials, transport: transport)
        case "hubspot": HubSpotSession(credentials: credentials, transport: transport)
        default: throw UnknownDialect(name: dialect)
        }
    }
}
