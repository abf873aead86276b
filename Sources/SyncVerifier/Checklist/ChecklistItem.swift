/// One item of the buyer checklist (`docs/checklist.md`): a question a
/// buyer asks and what the harness measures to answer it.
public struct ChecklistItem: Sendable, Hashable, Codable {
    /// `flow.deal-registration`: the section, a dot, a slug.
    public let id: String
    /// `Setup`, `Schema`, `Drift and maintenance`, …
    public let section: String
    public let question: String
    public let measure: String

    public init(id: String, section: String, question: String, measure: String) {
        self.id = id
        self.section = section
        self.question = question
        self.measure = measure
    }
}
