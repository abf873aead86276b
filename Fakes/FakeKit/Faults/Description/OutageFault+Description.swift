extension OutageFault {
    public static let description = FaultDescription(
        type: "outage",
        summary:
            "Matching requests fail: with a 5xx in the API's own error shape, or at the connection level; the fake does not handle them.",
        isTraffic: true,
        attributes: [
            FaultAttribute(
                "kind", .string, required: true, allowed: Kind.allCases.map { .string($0.rawValue) },
                "status (answer status), reset (TCP RST, no answer), closeMidBody (head and half the body, then close), holdOpen (nothing for holdMs, then close)."
            ),
            FaultAttribute(
                "status", .integer, default: 503, allowed: [500, 502, 503, 504],
                "The status kind status answers, in the dialect's error shape."),
            FaultAttribute(
                "holdMs", .integer, unit: .milliseconds, default: 30_000, minimum: 0, "How long holdOpen holds."),
        ],
        examples: [
            ["type": "outage", "kind": "status", "status": 503, "scope": ["probability": 0.2, "durationSeconds": 30]]
        ])
}
