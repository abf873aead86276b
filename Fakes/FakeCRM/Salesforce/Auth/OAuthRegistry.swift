import FakeKit
import Foundation
import Synchronization

/// The org's connected apps (OAuth clients), users' passwords and the access
/// and refresh tokens it has issued. Faults drive it: expire every token,
/// revoke a client, rotate a client's secret.
public final class OAuthRegistry: Sendable {
    public struct Client: Sendable, Equatable {
        public var id: String
        public var secret: String
        public var active: Bool = true
    }

    private struct State {
        var clients: [String: Client] = [:]
        var passwords: [String: (password: String, userID: String)] = [:]
        /// What a token grants: the user it logs in as (nil for client credentials).
        var tokens = TokenLedger<String?>()
    }

    private let state = Mutex(State())
    private let clock: JournalClock
    /// How long an access token lives (Salesforce's default session timeout is 2 hours).
    public let sessionSeconds: TimeInterval

    /// The org's id: the first part of every access token (`00D…!…`) and of identity URLs.
    public let orgID: String

    public init(clock: JournalClock, sessionSeconds: TimeInterval = 7200, instance: SalesforceInstance = .first) {
        self.clock = clock
        self.sessionSeconds = sessionSeconds
        orgID = instance.orgID
    }

    /// Registers a connected app; returns it.
    @discardableResult
    public func addClient(id: String, secret: String) -> Client {
        let client = Client(id: id, secret: secret)
        state.withLock { $0.clients[id] = client }
        return client
    }

    public func client(_ id: String) -> Client? { state.withLock { $0.clients[id] } }

    /// A username and password the password grant accepts.
    public func addUser(username: String, password: String, userID: String) {
        state.withLock { $0.passwords[username.lowercased()] = (password, userID) }
    }

    public enum GrantError: Error, Equatable {
        case invalidClientID, invalidClientCredentials, authenticationFailure, expiredRefreshToken, unsupportedGrant, inactiveClient
    }

    public struct Grant: Sendable {
        public let accessToken: String
        public let refreshToken: String?
        public let clientID: String
        public let userID: String?
        public let issuedAt: Date
    }

    /// Checks the client and issues tokens.
    public func grant(
        type: String, clientID: String?, clientSecret: String?, username: String? = nil, password: String? = nil,
        refreshToken: String? = nil, wantsRefreshToken: Bool
    ) throws(GrantError) -> Grant {
        try state.withLock { state throws(GrantError) in
            let now = clock.now()
            switch type {
            case "client_credentials", "password":
                guard let clientID, let client = state.clients[clientID] else { throw .invalidClientID }
                guard client.active else { throw .inactiveClient }
                guard client.secret == clientSecret else { throw .invalidClientCredentials }
                var userID: String?
                if type == "password" {
                    guard let username, let entry = state.passwords[username.lowercased()], entry.password == password else {
                        throw .authenticationFailure
                    }
                    userID = entry.userID
                }
                return issue(&state, clientID: clientID, userID: userID, now: now, withRefresh: wantsRefreshToken)
            case "refresh_token":
                guard let refreshToken, let token = state.tokens.refreshToken(refreshToken) else { throw .expiredRefreshToken }
                guard let client = state.clients[token.clientID], client.active else { throw .expiredRefreshToken }
                // A confidential client must also prove itself when it sends its secret.
                if let clientID, clientID != token.clientID { throw .invalidClientID }
                if let clientSecret, clientSecret != client.secret { throw .invalidClientCredentials }
                return issue(&state, clientID: token.clientID, userID: token.grant, now: now, withRefresh: false, refresh: refreshToken)
            default:
                throw .unsupportedGrant
            }
        }
    }

    private func issue(_ state: inout State, clientID: String, userID: String?, now: Date, withRefresh: Bool, refresh: String? = nil) -> Grant {
        let access = orgID.prefix(15) + "!" + Self.randomToken(64)
        var refreshToken = refresh
        if withRefresh {
            let newRefresh = "5Aep8" + Self.randomToken(80)
            state.tokens.issueRefresh(newRefresh, clientID: clientID, grant: userID, now: now)
            refreshToken = newRefresh
        }
        state.tokens.issueAccess(String(access), clientID: clientID, grant: userID, now: now, seconds: sessionSeconds, from: refreshToken)
        return Grant(accessToken: access, refreshToken: withRefresh ? refreshToken : nil, clientID: clientID, userID: userID, issuedAt: now)
    }

    /// The client id behind a valid, unexpired bearer token; nil otherwise.
    public func authenticate(bearer token: String) -> String? {
        state.withLock { state in
            guard let entry = state.tokens.accessToken(token), entry.expiresAt > clock.now(),
                state.clients[entry.clientID]?.active == true
            else { return nil }
            return entry.clientID
        }
    }

    /// The client id a token was issued to, expired or not (nil once revoked
    /// or never issued): who sent a request, for the request log.
    public func clientID(ofToken token: String) -> String? {
        state.withLock { $0.tokens.accessToken(token)?.clientID }
    }

    // MARK: faults

    /// Every access token stops working at once (refresh tokens still work).
    /// Returns how many were still live.
    @discardableResult
    public func expireAllAccessTokens() -> Int {
        state.withLock { $0.tokens.expireAllAccessTokens(now: clock.now()) }
    }

    /// One refresh token, and the access tokens issued from it, stop working.
    /// Returns false when there is no such refresh token.
    @discardableResult
    public func revoke(refreshToken: String) -> Bool {
        state.withLock { $0.tokens.revoke(refreshToken: refreshToken) }
    }

    /// The client and every token it holds stop working.
    public func revoke(clientID: String) {
        state.withLock { state in
            state.clients[clientID]?.active = false
            state.tokens.revokeAll(clientID: clientID)
        }
    }

    /// A new secret; the old one no longer logs in. Issued tokens keep working.
    @discardableResult
    public func rotateSecret(clientID: String) -> String? {
        state.withLock { state in
            guard state.clients[clientID] != nil else { return nil }
            let secret = Self.randomToken(40)
            state.clients[clientID]?.secret = secret
            return secret
        }
    }

    static func randomToken(_ length: Int) -> String { RandomToken.make(length, alphabet: .mixedCase) }
}
