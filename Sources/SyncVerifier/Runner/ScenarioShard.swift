/// `--shard K/N`: the K-th of N shares of a run's scenarios, so that N CI
/// jobs play one library between them and `merge` scores the union.
///
/// The share is stable: the scenarios are put in order of their names and
/// the i-th of them (from 0) belongs to shard `i % N + 1`. It depends on the
/// names alone, never on the machine, the file system's order or `--jobs`,
/// and the N shares together hold every scenario exactly once.
public struct ScenarioShard: Sendable, Equatable, CustomStringConvertible {
    /// From 1.
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// `2/3`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// The scenarios of this shard, in the order given.
    public func select(_ scenarios: [Scenario]) -> [Scenario] {
        let names = scenarios.map(\.name).sorted()
        var mine = Set<String>()
        for (position, name) in names.enumerated() where position % count == index - 1 { mine.insert(name) }
        return scenarios.filter { mine.contains($0.name) }
    }
}
