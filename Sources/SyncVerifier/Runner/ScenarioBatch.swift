import Foundation
import Synchronization

/// Runs many scenarios, each in its own world on its own ports, `jobs` at a
/// time, reporting progress as each one finishes. The order of the results
/// is the order of the scenarios, whatever order they finished in.
///
/// It starts no new scenario once `maxFailures` scenarios did not pass, or
/// once the run is interrupted (`RunInterruption`); a scenario that was
/// playing when the interruption came is left out of the results, since its
/// connector was stopped under it.
public struct ScenarioBatch {
    public let scenarios: [Scenario]
    public let options: RunOptions
    public let jobs: Int
    /// Stop starting scenarios after this many did not pass (`--fail-fast` is 1).
    public let maxFailures: Int?

    public init(scenarios: [Scenario], options: RunOptions, jobs: Int, maxFailures: Int? = nil) {
        self.scenarios = scenarios
        self.options = options
        self.jobs = max(1, jobs)
        self.maxFailures = maxFailures.map { max(1, $0) }
    }

    /// Selects scenarios whose name contains `text` or that name a checklist id starting with it.
    public static func filter(_ scenarios: [Scenario], by text: String?) -> [Scenario] {
        guard let text, !text.isEmpty else { return scenarios }
        return scenarios.filter { scenario in
            scenario.name.localizedCaseInsensitiveContains(text) || scenario.checklist.contains { $0 == text || $0.hasPrefix(text + ".") || $0.hasPrefix(text) }
        }
    }

    public func run(progress: @escaping @Sendable (_ finished: Int, _ total: Int, _ evidence: ScenarioEvidence) -> Void) -> [ScenarioEvidence] {
        ConnectorProcess.becomeSubreaper()
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        let maxFailures = self.maxFailures
        let interruption = RunInterruption.shared
        let results = Mutex<[Int: ScenarioEvidence]>([:])
        let total = scenarios.count
        let scenarios = self.scenarios
        let options = self.options
        let group = DispatchGroup()
        for _ in 0..<min(jobs, max(1, total)) {
            group.enter()
            let thread = Thread {
                while !interruption.isRequested {
                    if let maxFailures, failures.load(ordering: .relaxed) >= maxFailures { break }
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < total else { break }
                    let evidence = ScenarioRunner(scenario: scenarios[index], options: options).run()
                    if interruption.isRequested { break }
                    if evidence.verdict != .passed { failures.add(1, ordering: .relaxed) }
                    results.withLock { $0[index] = evidence }
                    let finished = done.add(1, ordering: .relaxed).newValue
                    progress(finished, total, evidence)
                }
                group.leave()
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        group.wait()
        return results.withLock { table in (0..<total).compactMap { table[$0] } }
    }
}
