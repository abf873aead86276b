import Foundation

/// The access and refresh tokens an OAuth server has issued, and what the
/// auth faults do to them: every dialect's token endpoint keeps the same
/// books (which client, when issued, when it expires, which refresh token
/// an access token came from) and differs only in what a token grants
/// (`Grant`: a user, scopes). A value type: its owner keeps it inside its
/// own lock, beside its clients, so a grant checks and issues in one step.
public struct TokenLedger<Grant: Sendable>: Sendable {
    public struct Entry: Sendable {
        public let clientID: String
        public let grant: Grant
        public let issuedAt: Date
        public fileprivate(set) var expiresAt: Date
        /// The refresh token an access token was issued from: revoking it revokes them too.
        public let refreshToken: String?
    }

    private var access: [String: Entry] = [:]
    private var refresh: [String: Entry] = [:]

    public init() {}

    /// Records an access token living `seconds` from `now`.
    public mutating func issueAccess(_ token: String, clientID: String, grant: Grant, now: Date, seconds: TimeInterval, from refreshToken: String?) {
        access[token] = Entry(clientID: clientID, grant: grant, issuedAt: now, expiresAt: now.addingTimeInterval(seconds), refreshToken: refreshToken)
    }

    /// Records a refresh token (they do not expire; faults and rotation end them).
    public mutating func issueRefresh(_ token: String, clientID: String, grant: Grant, now: Date) {
        refresh[token] = Entry(clientID: clientID, grant: grant, issuedAt: now, expiresAt: .distantFuture, refreshToken: nil)
    }

    /// An access token as issued, expired or not; nil when never issued or revoked.
    public func accessToken(_ token: String) -> Entry? { access[token] }

    public func refreshToken(_ token: String) -> Entry? { refresh[token] }

    /// A refresh token used up (a rotating refresh hands out a new one); nil when there was none.
    public mutating func spendRefreshToken(_ token: String) -> Entry? { refresh.removeValue(forKey: token) }

    // MARK: faults

    /// Every live access token expires at `now` (refresh tokens still work). Returns how many were live.
    @discardableResult
    public mutating func expireAllAccessTokens(now: Date) -> Int {
        var live = 0
        for (key, entry) in access where entry.expiresAt > now {
            access[key]?.expiresAt = now
            live += 1
        }
        return live
    }

    /// One refresh token, and the access tokens issued from it, stop working. False when there was none.
    public mutating func revoke(refreshToken token: String) -> Bool {
        guard refresh.removeValue(forKey: token) != nil else { return false }
        access = access.filter { $0.value.refreshToken != token }
        return true
    }

    /// Every token of a client stops working.
    public mutating func revokeAll(clientID: String) {
        access = access.filter { $0.value.clientID != clientID }
        refresh = refresh.filter { $0.value.clientID != clientID }
    }
}
