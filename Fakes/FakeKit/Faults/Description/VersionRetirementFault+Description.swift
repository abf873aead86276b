extension VersionRetirementFault {
    public static let description = FaultDescription(
        type: "retireVersions",
        summary: "Retires every API version below `below` at once (Salesforce only; the PRM refuses it).",
        isTraffic: false,
        attributes: [
            FaultAttribute("below", .string, required: true, "The oldest version still served, \"40.0\" or \"v40.0\".")
        ],
        examples: [["type": "retireVersions", "below": "v45.0"]])
}
