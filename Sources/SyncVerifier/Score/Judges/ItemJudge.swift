/// A rule that turns a scenario's evidence into checks for checklist items.
/// Each rule lives in a file named for what it decides; `JudgeCatalogue`
/// lists them beside the checklist catalogue.
protocol ItemJudge: Sendable {
    /// The checks this judge gives `item` in one scenario (none: no evidence here).
    func checks(for item: ChecklistItem, in scenario: ScenarioContext) -> [Check]
}
