/// A change to credentials, applied at once: every access token expires,
/// one credential is revoked, or a client's secret is rotated. What each
/// means is the fake's: Salesforce expires sessions and revokes connected
/// apps or refresh tokens; the PRM revokes or rotates an API key.
public struct AuthFault: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        /// Every access token stops working (refresh tokens still work).
        case expireTokens
        /// One credential stops working: a client (`clientId`) with every
        /// token it holds, or one refresh token (`refreshToken`).
        case revoke
        /// The client (`clientId`, default the connector's) gets a new secret;
        /// the old one no longer logs in. The new secret is reported.
        case rotateSecret
    }

    public var action: Action
    /// The client (Salesforce connected app) or key name (PRM) acted on.
    public var clientId: String?
    /// For `revoke`: the refresh token to revoke, instead of a client.
    public var refreshToken: String?

    public init(action: Action, clientId: String? = nil, refreshToken: String? = nil) {
        self.action = action
        self.clientId = clientId
        self.refreshToken = refreshToken
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case type, action, clientId, refreshToken }

    public init(from decoder: any Decoder) throws {
        try FaultDecoding.refuseUnknownKeys(decoder, allowed: Self.description.keys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            action: try c.decode(Action.self, forKey: .action), clientId: try c.decodeIfPresent(String.self, forKey: .clientId),
            refreshToken: try c.decodeIfPresent(String.self, forKey: .refreshToken))
        switch action {
        case .expireTokens:
            guard clientId == nil, refreshToken == nil else {
                throw DecodingError.dataCorruptedError(forKey: .action, in: c, debugDescription: "expireTokens expires every token: it takes no clientId or refreshToken")
            }
        case .revoke:
            guard (clientId == nil) != (refreshToken == nil) else {
                throw DecodingError.dataCorruptedError(forKey: .action, in: c, debugDescription: "revoke takes exactly one of clientId and refreshToken")
            }
        case .rotateSecret:
            guard refreshToken == nil else {
                throw DecodingError.dataCorruptedError(forKey: .refreshToken, in: c, debugDescription: "rotateSecret takes a clientId, not a refreshToken")
            }
        }
        try FaultDecoding.checkValues(decoder, against: Self.description)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("auth", forKey: .type)
        try c.encode(action, forKey: .action)
        try c.encodeIfPresent(clientId, forKey: .clientId)
        try c.encodeIfPresent(refreshToken, forKey: .refreshToken)
    }
}
