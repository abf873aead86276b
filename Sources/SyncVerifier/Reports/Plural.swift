/// Counts as people write them: "1 scenario", "2 scenarios", "1 piece of evidence".
public enum Plural {
    /// `count` and the noun that agrees with it; `plural` for nouns that do not just add an s.
    public static func of(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
    }
}
