extension AuthFault {
    public static let description = FaultDescription(
        type: "auth",
        summary:
            "A change to credentials, applied at once: tokens expire, a credential is revoked, or a secret is rotated.",
        isTraffic: false,
        attributes: [
            FaultAttribute(
                "action", .string, required: true, allowed: Action.allCases.map { .string($0.rawValue) },
                "What happens to the credentials."),
            FaultAttribute(
                "clientId", .string,
                "The client (Salesforce connected app) or API key name (PRM) acted on; default the connector's."),
            FaultAttribute("refreshToken", .string, "For revoke: one refresh token to revoke, instead of a client."),
        ],
        discriminator: "action",
        variants: [
            .init(
                "expireTokens",
                "Every access token stops working; refresh tokens still work (the PRM refuses it: its keys do not expire)."
            ),
            .init(
                "revoke", optional: ["clientId", "refreshToken"], rule: "exactly one of clientId and refreshToken",
                "A client with every token it holds, or one refresh token and the access tokens issued from it, stops working."
            ),
            .init(
                "rotateSecret", optional: ["clientId"],
                "The client gets a new secret (in the result); the old one no longer logs in."),
        ],
        examples: [
            ["type": "auth", "action": "expireTokens"], ["type": "auth", "action": "revoke", "clientId": "connector"],
            ["type": "auth", "action": "rotateSecret"],
        ])
}
