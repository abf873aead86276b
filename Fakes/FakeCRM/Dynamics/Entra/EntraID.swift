import FakeKit
import Foundation
import Synchronization

/// A Microsoft Entra ID tenant as the Dataverse fake needs one: app
/// registrations with client secrets, the resources (org URLs) that accept
/// its tokens, and v1.0 access tokens for the client-credentials flow,
/// which carry `aud`, `iss`, `tid`, `appid`, `iat`/`nbf`/`exp` as Entra's do.
public final class EntraID: Sendable {
    public struct App: Sendable, Equatable {
        public let clientID: String
        public var secret: String
        public let displayName: String
        /// The app's service principal (`oid`), which Dataverse maps to its application user.
        public let objectID: String
    }

    /// What a bearer token turned out to be.
    public enum Verdict: Sendable, Equatable {
        case valid(App)
        case expired
        /// Signed for another resource (`aud`).
        case wrongAudience(String)
        case invalid
    }

    public let tenantID: String
    /// Access tokens live an hour (`expires_in` 3599), as Entra's default does.
    public static let tokenLifetimeSeconds = 3599
    let clock: JournalClock
    private let signingKey: [UInt8]
    let keyID: String
    let namespace: Int
    private struct State {
        var apps: [String: App] = [:]
        /// Tokens of an earlier generation are refused as expired (the `expireTokens` fault starts a new one).
        var generation = 0
        /// The stand-in's own URL (`https://127.0.0.1:PORT`), once it listens.
        var authorityURL: String?
        /// Resources a token may be asked for (`https://127.0.0.1:PORT`, an org URL).
        var resources: Set<String> = []
    }
    private let state = Mutex(State())

    /// - Parameter namespace: keeps this tenant's ids apart from another's in the same world.
    public init(clock: JournalClock, namespace: Int = 0) {
        self.clock = clock
        self.namespace = namespace
        tenantID = DynamicsGUID.make(namespace: namespace, kind: 0xE0, counter: 1)
        signingKey = Array(RandomToken.make(48, alphabet: .mixedCase).utf8)
        keyID = RandomToken.make(27, alphabet: .mixedCase)
    }

    // MARK: registrations

    @discardableResult
    public func register(clientID: String, secret: String, displayName: String) -> App {
        state.withLock { state in
            let app = App(
                clientID: clientID, secret: secret, displayName: displayName,
                objectID: DynamicsGUID.make(namespace: namespace, kind: 0xE1, counter: state.apps.count + 1))
            state.apps[clientID.lowercased()] = app
            return app
        }
    }

    public func app(_ clientID: String) -> App? { state.withLock { $0.apps[clientID.lowercased()] } }

    /// A new secret for the app (the old one stops working), or nil for an unknown app.
    public func rotateSecret(clientID: String) -> App? {
        state.withLock { state in
            guard var app = state.apps[clientID.lowercased()] else { return nil }
            app.secret = RandomToken.make(40, alphabet: .mixedCase)
            state.apps[clientID.lowercased()] = app
            return app
        }
    }

    /// Removes the app's registration: its tokens and secret stop working.
    public func delete(clientID: String) -> Bool { state.withLock { $0.apps.removeValue(forKey: clientID.lowercased()) != nil } }

    /// Every token issued so far reads as expired. Returns when the cut was made.
    @discardableResult
    public func expireAllTokens() -> Date {
        state.withLock { $0.generation += 1 }
        return clock.now()
    }

    public func addResource(_ url: String) { state.withLock { _ = $0.resources.insert(Self.normalise(url)) } }
    public func isResource(_ url: String) -> Bool { state.withLock { $0.resources.contains(Self.normalise(url)) } }

    public var authorityURL: String? {
        get { state.withLock { $0.authorityURL } }
        set { state.withLock { $0.authorityURL = newValue } }
    }

    static func normalise(_ url: String) -> String { (url.hasSuffix("/") ? String(url.dropLast()) : url).lowercased() }

    // MARK: tokens

    /// An access token for `app` to call `resource`.
    func issueToken(app: App, resource: String) -> String {
        let now = clock.now()
        let issued = Int(now.timeIntervalSince1970)
        let claims = OrderedJSON.object([
            ("aud", .value(.string(resource.hasSuffix("/") ? String(resource.dropLast()) : resource))),
            ("iss", .value(.string("https://sts.windows.net/\(tenantID)/"))),
            ("iat", .value(.int(issued))), ("nbf", .value(.int(issued))), ("exp", .value(.int(issued + Self.tokenLifetimeSeconds))),
            ("aio", .value(.string(RandomToken.make(24, alphabet: .mixedCase)))),
            ("app_displayname", .value(.string(app.displayName))), ("appid", .value(.string(app.clientID))), ("appidacr", .value("1")),
            ("idp", .value(.string("https://sts.windows.net/\(tenantID)/"))), ("oid", .value(.string(app.objectID))),
            ("rh", .value(.string(RandomToken.make(20, alphabet: .mixedCase)))), ("sub", .value(.string(app.objectID))),
            ("tid", .value(.string(tenantID))), ("uti", .value(.string(RandomToken.make(22, alphabet: .mixedCase)))), ("ver", .value("1.0")),
            // The stand-in's own claim: the token generation, which `expireTokens` moves on (even within one clock instant).
            ("xms_sv_gen", .value(.int(state.withLock { $0.generation }))),
        ])
        return JSONWebToken.sign(claims, key: signingKey, keyID: keyID)
    }

    /// Checks a bearer token presented to `resource`.
    public func verify(_ token: String, resource: String) -> Verdict {
        guard let claims = JSONWebToken.verify(token, key: signingKey), case .int(let exp)? = claims["exp"],
            case .string(let appID)? = claims["appid"], case .string(let audience)? = claims["aud"]
        else { return .invalid }
        let (generation, app) = state.withLock { ($0.generation, $0.apps[appID.lowercased()]) }
        guard let app else { return .invalid }
        let now = clock.now()
        if Double(exp) <= now.timeIntervalSince1970 { return .expired }
        if claims["xms_sv_gen"]?.intValue != generation { return .expired }
        guard Self.normalise(audience) == Self.normalise(resource) else { return .wrongAudience(audience) }
        return .valid(app)
    }
}
