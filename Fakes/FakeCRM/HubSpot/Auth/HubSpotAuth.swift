import FakeKit
import Foundation
import Synchronization

/// The portal's credentials: private-app access tokens (`pat-na1-…`, which
/// do not expire) and OAuth 2.0 apps with their authorization codes,
/// 30-minute access tokens and refresh tokens, each with its scopes. Faults
/// drive it: expire every access token, revoke an app or a refresh token,
/// rotate an app's secret and its private-app token.
public final class HubSpotAuth: Sendable {
    public struct App: Sendable, Equatable {
        public var clientID: String
        public var secret: String
        /// The private-app token of the same app: HubSpot's "service key".
        public var privateAppToken: String
        public var scopes: [String]
        public var active = true
    }

    /// Who a valid token belongs to.
    public struct Caller: Sendable, Equatable {
        public let clientID: String
        public let scopes: [String]
        public let isPrivateApp: Bool
    }

    public enum Verdict: Sendable, Equatable {
        case valid(Caller)
        case expired(at: Date)
        case unknown
    }

    public enum GrantError: Error, Equatable {
        case badClientID, badClientSecret, badRefreshToken, badAuthCode, badRedirectURI, badGrantType
    }

    public struct Grant: Sendable {
        public let accessToken: String
        public let refreshToken: String
        public let expiresIn: Int
        public let clientID: String
    }

    private struct State {
        var apps: [String: App] = [:]
        /// What an OAuth token grants: its scopes.
        var tokens = TokenLedger<[String]>()
        var codes: [String: (clientID: String, redirectURI: String, scopes: [String])] = [:]
    }

    private let state = Mutex(State())
    private let clock: JournalClock
    /// HubSpot's OAuth access tokens live 30 minutes.
    public static let accessTokenSeconds = 1800
    public let portalID: Int
    public let userID: Int

    /// Every scope the fake's routes check.
    public static let allScopes: [String] = {
        let objects = ["contacts", "companies", "deals", "line_items", "leads", "products", "custom", "owners"]
        return ["oauth"] + objects.flatMap { ["crm.objects.\($0).read", "crm.objects.\($0).write"] }
            + ["contacts", "companies", "deals", "custom"].flatMap { ["crm.schemas.\($0).read", "crm.schemas.\($0).write"] }
    }()

    init(clock: JournalClock, portalID: Int, userID: Int) {
        self.clock = clock
        self.portalID = portalID
        self.userID = userID
    }

    @discardableResult
    func addApp(clientID: String, secret: String, scopes: [String] = HubSpotAuth.allScopes) -> App {
        let app = App(clientID: clientID, secret: secret, privateAppToken: Self.privateAppToken(), scopes: scopes)
        state.withLock { $0.apps[clientID] = app }
        return app
    }

    public func app(_ clientID: String) -> App? { state.withLock { $0.apps[clientID] } }

    /// A stable numeric app id for a client id, as HubSpot numbers its apps.
    static func appID(of clientID: String) -> Int { clientID.utf8.reduce(1_000_003) { ($0 &* 31 &+ Int($1)) % 9_000_000 } + 1_000_000 }

    static func privateAppToken() -> String { "pat-na1-" + UUID().uuidString.lowercased() }

    /// What a bearer token is worth now.
    public func verify(bearer token: String) -> Verdict {
        state.withLock { state in
            if token.hasPrefix("pat-") {
                guard let app = state.apps.values.first(where: { $0.privateAppToken == token }), app.active else { return .unknown }
                return .valid(Caller(clientID: app.clientID, scopes: app.scopes, isPrivateApp: true))
            }
            guard let entry = state.tokens.accessToken(token), state.apps[entry.clientID]?.active == true else { return .unknown }
            guard entry.expiresAt > clock.now() else { return .expired(at: entry.expiresAt) }
            return .valid(Caller(clientID: entry.clientID, scopes: entry.grant, isPrivateApp: false))
        }
    }

    /// The app a token belongs to, valid or not (nil when never issued or
    /// revoked): who sent a request, for the request log.
    public func clientID(ofToken token: String) -> String? {
        state.withLock { state in
            if token.hasPrefix("pat-") { return state.apps.values.first { $0.privateAppToken == token }?.clientID }
            return state.tokens.accessToken(token)?.clientID
        }
    }

    /// An access token's introspection (`GET /oauth/v1/access-tokens/{token}`).
    func accessTokenInfo(_ token: String) -> (clientID: String, scopes: [String], expiresIn: Int)? {
        state.withLock { state in
            guard let entry = state.tokens.accessToken(token), state.apps[entry.clientID]?.active == true else { return nil }
            let left = Int(entry.expiresAt.timeIntervalSince(clock.now()).rounded(.down))
            return left > 0 ? (entry.clientID, entry.grant, left) : nil
        }
    }

    func refreshTokenInfo(_ token: String) -> (clientID: String, scopes: [String])? {
        state.withLock { state in
            guard let entry = state.tokens.refreshToken(token), state.apps[entry.clientID]?.active == true else { return nil }
            return (entry.clientID, entry.grant)
        }
    }

    /// The user's consent, given at once: an authorization code for `redirectURI`.
    func authorize(clientID: String, redirectURI: String, scopes: [String]) throws(GrantError) -> String {
        try state.withLock { state throws(GrantError) in
            guard let app = state.apps[clientID], app.active else { throw .badClientID }
            let code = UUID().uuidString.lowercased()
            let granted = scopes.isEmpty ? app.scopes : scopes.filter(app.scopes.contains)
            state.codes[code] = (clientID, redirectURI, granted)
            return code
        }
    }

    /// A refresh token issued straight to the app (what `serve` hands a
    /// connector, as if its user had installed it already).
    public func issueRefreshToken(clientID: String) -> String? {
        state.withLock { state in
            guard let app = state.apps[clientID] else { return nil }
            let refresh = UUID().uuidString.lowercased()
            state.tokens.issueRefresh(refresh, clientID: clientID, grant: app.scopes, now: clock.now())
            return refresh
        }
    }

    /// `POST /oauth/v1/token`. With `rotate` (the date-versioned endpoint) a
    /// refresh spends its refresh token and hands out a new one; v1 keeps it.
    func grant(
        type: String, clientID: String?, clientSecret: String?, code: String?, redirectURI: String?, refreshToken: String?, rotate: Bool
    ) throws(GrantError) -> Grant {
        try state.withLock { state throws(GrantError) in
            guard let clientID, let app = state.apps[clientID], app.active else { throw .badClientID }
            guard app.secret == clientSecret else { throw .badClientSecret }
            let now = clock.now()
            switch type {
            case "authorization_code":
                guard let code, let entry = state.codes.removeValue(forKey: code), entry.clientID == clientID else { throw .badAuthCode }
                guard entry.redirectURI == (redirectURI ?? "") else { throw .badRedirectURI }
                let refresh = UUID().uuidString.lowercased()
                state.tokens.issueRefresh(refresh, clientID: clientID, grant: entry.scopes, now: now)
                return issue(&state, clientID: clientID, scopes: entry.scopes, refresh: refresh, now: now)
            case "refresh_token":
                guard let refreshToken, let entry = state.tokens.refreshToken(refreshToken), entry.clientID == clientID else { throw .badRefreshToken }
                var refresh = refreshToken
                if rotate {
                    _ = state.tokens.spendRefreshToken(refreshToken)
                    refresh = UUID().uuidString.lowercased()
                    state.tokens.issueRefresh(refresh, clientID: clientID, grant: entry.grant, now: now)
                }
                return issue(&state, clientID: clientID, scopes: entry.grant, refresh: refresh, now: now)
            default:
                throw .badGrantType
            }
        }
    }

    private func issue(_ state: inout State, clientID: String, scopes: [String], refresh: String, now: Date) -> Grant {
        let access = "CO" + RandomToken.make(150, alphabet: .mixedCase)
        state.tokens.issueAccess(access, clientID: clientID, grant: scopes, now: now, seconds: Double(Self.accessTokenSeconds), from: refresh)
        return Grant(accessToken: access, refreshToken: refresh, expiresIn: Self.accessTokenSeconds, clientID: clientID)
    }

    // MARK: faults

    /// Every OAuth access token stops working (private-app tokens do not expire; refresh tokens still work).
    @discardableResult
    func expireAllAccessTokens() -> Int {
        state.withLock { $0.tokens.expireAllAccessTokens(now: clock.now()) }
    }

    func revoke(refreshToken: String) -> Bool {
        state.withLock { $0.tokens.revoke(refreshToken: refreshToken) }
    }

    /// The app is uninstalled: every token it holds, its private-app token included, stops working.
    func revoke(clientID: String) -> Bool {
        state.withLock { state in
            guard state.apps[clientID] != nil else { return false }
            state.apps[clientID]?.active = false
            state.tokens.revokeAll(clientID: clientID)
            return true
        }
    }

    /// A new client secret and a new private-app token; the old ones stop working at once.
    func rotate(clientID: String) -> App? {
        state.withLock { state in
            guard state.apps[clientID] != nil else { return nil }
            state.apps[clientID]?.secret = UUID().uuidString.lowercased()
            state.apps[clientID]?.privateAppToken = Self.privateAppToken()
            return state.apps[clientID]
        }
    }
}
