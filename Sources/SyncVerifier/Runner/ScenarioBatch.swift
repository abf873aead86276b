import Foundation
import Synchronization

/// Runs many scenarios, each in its own world on its own ports, `jobs` at a
/// time, reporting progress as each one finishes. The order of the results
/// is the order of the scenarios, whatever order they finished in.
public struct ScenarioBatch {
    public let scenarios: [Scenario]
    public let options: RunOptions
    public let jobs: Int

    public init(scenarios: [Scenario], options: RunOptions, jobs: Int) {
        self.scenarios = scenarios
        self.options = options
        self.jobs = max(1, jobs)
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
        let results = Mutex<[Int: ScenarioEvidence]>([:])
        let total = scenarios.count
        let scenarios = self.scenarios
        let options = self.options
        let group = DispatchGroup()
        for _ in 0..<min(jobs, max(1, total)) {
            group.enter()
            let thread = Thread {
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < total else { break }
                    let evidence = ScenarioRunner(scenario: scenarios[index], options: options).run()
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
