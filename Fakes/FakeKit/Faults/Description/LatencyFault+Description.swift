extension LatencyFault {
    public static let description = FaultDescription(
        type: "latency",
        summary:
            "Delays matching requests before the fake handles them (a real sleep on that request's connection only).",
        isTraffic: true,
        attributes: [
            FaultAttribute(
                "latencyMs", .integer, unit: .milliseconds, required: true, minimum: 0,
                "The delay (the median for logNormal)."),
            FaultAttribute(
                "distribution", .string, default: "fixed", allowed: Distribution.allCases.map { .string($0.rawValue) },
                "fixed, uniform (latencyMs ± jitterMs) or logNormal (shape sigma)."),
            FaultAttribute("jitterMs", .integer, unit: .milliseconds, default: 0, minimum: 0, "Spread for uniform."),
            FaultAttribute("sigma", .number, default: 0.5, minimum: 0, "Shape of logNormal."),
        ],
        examples: [
            [
                "type": "latency", "latencyMs": 250, "distribution": "uniform", "jitterMs": 100,
                "scope": ["pathPrefixes": ["/services/data/v59.0/query"]],
            ]
        ])
}
