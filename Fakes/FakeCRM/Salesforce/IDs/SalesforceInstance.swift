/// Where an org lives, as the two characters after the key prefix of every
/// id it mints (real ids carry the pod there). Each Salesforce org in a world
/// gets its own, so two orgs never mint the same record id and the org id in
/// their tokens and identity URLs differs.
public struct SalesforceInstance: Sendable, Hashable {
    /// Two base-62 characters.
    public let code: String

    /// The first org of a world (`8c`, the instance ids have always carried here).
    public static let first = SalesforceInstance(namespace: 0)

    /// The instance of the world's `namespace`-th Salesforce org (0, 1, 2, …).
    public init(namespace: Int) {
        precondition(namespace >= 0 && namespace < 3000, "a world holds at most 3,000 Salesforce orgs")
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        // 8c is 8 * 62 + 38; later orgs count on from there.
        let value = 8 * 62 + 38 + namespace
        code = String([alphabet[value / 62], alphabet[value % 62]])
    }

    /// The org's 18-character id (`00D8c0000000001EAA` for the first).
    public var orgID: String { SalesforceID.make(prefix: "00D", number: 1, instance: self) }
}
