/// CRM accounts by matching key (name without case, punctuation and legal
/// suffixes) and by web domain, so matching a customer is a lookup.
struct AccountIndex {
    private var byName: [String: String] = [:]
    private var byDomain: [String: String] = [:]

    init(_ accounts: [[String: Any]]) {
        for account in accounts {
            if let id = account["Id"] as? String { add(id: id, name: account["Name"] as? String ?? "", website: account["Website"] as? String) }
        }
    }

    mutating func add(id: String, name: String, website: String?) {
        let key = CompanyMatcher.key(name)
        if byName[key] == nil { byName[key] = id }
        if let domain = CompanyMatcher.domain(website), byDomain[domain] == nil { byDomain[domain] = id }
    }

    func match(name: String, domain: String?) -> String? {
        byName[CompanyMatcher.key(name)] ?? domain.flatMap { byDomain[$0] }
    }
}
