import FakeKit

/// Something a person does in one of the systems: a sales rep edits an
/// opportunity in the CRM, a partner registers a deal in the portal, channel
/// staff approve it.
public struct Act: Sendable {
    public enum Verb: String, Sendable, CaseIterable {
        case create, update, delete, undelete
        /// PRM: move a deal registration or MDF request to `status`.
        case setStatus
        /// CRM: convert a lead into an account, contact and opportunity.
        case convertLead
    }

    public var verb: Verb
    public var side: SystemID
    /// CRM object (`Opportunity`) or PRM resource (`deal-registrations`).
    public var object: String
    /// The record acted on (update, delete, undelete, setStatus, convertLead).
    public var id: Template?
    public var fields: [String: Template]
    /// PRM: who acts — `staff` (channel team, the default) or `partner:<contact ref>`.
    /// CRM: a user's `Username`, or the default sales user.
    public var actor: String?
    /// For setStatus: the new status; for it, `fields` carries e.g. `confirmedAmount`.
    public var status: String?
    /// Binds the record for later `${name.…}` references.
    public var bind: String?
    /// Creates this many records; `${n}` in field values is the 1-based index.
    public var count: Int
    /// Fill every other writable field with a unique, traceable value.
    public var sentinels: Bool
}
