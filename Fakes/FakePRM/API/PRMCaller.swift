/// Who is calling: the connector with the API key (sees everything), or a
/// partner user from the portal (sees only its own partner's records).
enum PRMCaller: Sendable, Equatable {
    case connector(keyName: String)
    case partnerUser(contactID: String, partnerID: String)

    /// The journal's actor for this caller's writes.
    var actor: String {
        switch self {
        case .connector(let name): "api-key:\(name)"
        case .partnerUser(let contact, _): "partner-user:\(contact)"
        }
    }

    var partnerID: String? {
        if case .partnerUser(_, let partner) = self { return partner }
        return nil
    }
}
