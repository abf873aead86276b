/// The production hostnames a connector written against real Salesforce
/// uses, which the intercepting proxy answers with this org: the login
/// hosts (`login.salesforce.com`, `test.salesforce.com` for sandboxes) and
/// the org's My Domain (`<org>.my.salesforce.com`). A token obtained through
/// a login host names the My Domain as its `instance_url`, as Salesforce's does.
public struct SalesforceProductionHosts: Sendable, Equatable {
    public static let loginHosts = ["login.salesforce.com", "test.salesforce.com"]

    /// `partner-channel.my.salesforce.com`; a world's later orgs carry their instance code.
    public let myDomain: String

    public init(orgName: String, instance: SalesforceInstance) {
        let label = String(orgName.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        let suffix = instance == .first ? "" : "-\(instance.code.lowercased())"
        myDomain = "\(label.isEmpty ? "org" : label)\(suffix).my.salesforce.com"
    }

    /// Every hostname the proxy should route to this org.
    public var all: [String] { Self.loginHosts + [myDomain] }

    /// The `instance_url` for a token requested on `host` (no port): the My
    /// Domain for a login host, else nil (the host the request came to stands).
    func instanceHost(forTokenRequestTo host: String) -> String? {
        Self.loginHosts.contains(host.lowercased()) ? myDomain : nil
    }
}
