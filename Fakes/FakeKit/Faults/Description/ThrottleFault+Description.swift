extension ThrottleFault {
    public static let description = FaultDescription(
        type: "throttle",
        summary:
            "Refuses metered requests over a quota per fixed window, or over a cap on requests in flight, in the API's own words; refused requests do not count.",
        isTraffic: true,
        attributes: [
            FaultAttribute(
                "limit", .integer, unit: .requests, absentMeans: "no quota", minimum: 0, "Requests admitted per window."
            ),
            FaultAttribute(
                "windowSeconds", .number, unit: .seconds, default: 60, minimum: 0,
                "Length of a window on the journal clock (greater than 0)."),
            FaultAttribute(
                "maxConcurrent", .integer, unit: .requests, absentMeans: "no cap", minimum: 1,
                "Requests in flight at once before more are refused (Retry-After: 1)."),
            FaultAttribute("retryAfter", .boolean, absentMeans: "the API's habit", "Whether a refusal carries Retry-After, where the API answers either way (HubSpot: absent means none)."),
        ],
        rules: [
            "at least one of limit and maxConcurrent",
            "scope.probability does not apply; scope.requestCount counts refusals",
        ],
        examples: [["type": "throttle", "limit": 100, "windowSeconds": 60, "maxConcurrent": 4]])
}
