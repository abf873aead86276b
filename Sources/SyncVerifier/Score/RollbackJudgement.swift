import FakeKit
import Foundation

/// How a rollback went, record by record, read from the journals: every
/// record the connector wrote between the checkpoint and its answer must be
/// back to its checkpoint state — with everyone else's later writes kept,
/// field by field — once the connector's writes settled; anything else it
/// wrote after answering is collateral. A record's checkpoint state is the
/// `before` of its first write after the checkpoint (so records loaded in
/// bulk, which have no journal entry of their own, are judged too).
enum RollbackJudgement {
    /// The evidence with each rollback judged and its step's outcome set by
    /// that judgement: passed when everything was restored and nothing else
    /// touched; the scenario fails with the first rollback that did not.
    static func judgingRollbacks(of run: ScenarioEvidence) -> ScenarioEvidence {
        guard run.rollbacks.contains(where: { $0.marks != nil }) else { return run }
        var run = run
        for (index, rollback) in run.rollbacks.enumerated() where rollback.marks != nil && rollback.answer.hasPrefix("2") {
            let judged = judged(rollback, in: run)
            run.rollbacks[index] = judged
            guard let path = rollback.step, let position = run.steps.firstIndex(where: { $0.path == path }) else { continue }
            let ok = judged.missed.isEmpty && judged.collateral.isEmpty
            var detail = "\(judged.restored.count) restored, \(judged.missed.count) missed, \(judged.collateral.count) collateral"
            if let first = judged.missed.first { detail += "; \(first.recordId): \(first.detail)" } else if let first = judged.collateral.first { detail += "; \(first) changed during the rollback" }
            run.steps[position].outcome = ok ? .passed : .failed
            run.steps[position].detail = detail
            run.steps[position].recordIds = judged.restored + judged.missed.map(\.recordId)
            if !ok, run.verdict == .passed {
                run.verdict = .failed
                run.reason = "\(path) (rollback rollback): \(detail)"
            }
        }
        return run
    }

    /// The rollback with `restored`, `missed` and `collateral` filled in
    /// (evidence without journal marks keeps what the runner found).
    static func judged(_ rollback: RollbackEvidence, in run: ScenarioEvidence) -> RollbackEvidence {
        guard let marks = rollback.marks, rollback.answer.hasPrefix("2") else { return rollback }
        var result = rollback
        result.restored = []
        result.missed = []
        result.collateral = []
        let stamped = Dictionary(run.worldSystems.map { ($0.name, Set($0.systemFields)) }, uniquingKeysWith: { first, _ in first })
        for (system, mark) in marks.sorted(by: { $0.key < $1.key }) {
            let journal = run.journals[system] ?? []
            let connector = run.connectorActors[system]
            let touched = Set(journal.filter { $0.actor == connector && $0.sequence > mark.checkpoint && $0.sequence <= mark.answered }.compactMap(\.recordID))
            for id in touched.sorted() {
                let entries = journal.filter { $0.recordID == id && $0.sequence <= mark.settled }
                let expected = Self.expected(entries, after: mark.checkpoint, connector: connector)
                let now = Self.state(entries)
                if let difference = Self.difference(expected: expected, now: now, stamped: stamped[system] ?? []) {
                    result.missed.append(.init(side: system, recordId: id, detail: difference))
                } else {
                    result.restored.append(id)
                }
            }
            let later = journal.filter { $0.actor == connector && $0.sequence > mark.answered && $0.sequence <= mark.settled }
            result.collateral += Set(later.compactMap(\.recordID)).subtracting(touched).sorted()
        }
        return result
    }

    typealias State = (fields: [String: JSONValue], deleted: Bool)

    /// A record's state after the last of `entries`.
    static func state(_ entries: [JournalEntry]) -> State? {
        var state: State?
        for entry in entries { state = apply(entry, to: state) }
        return state
    }

    static func apply(_ entry: JournalEntry, to state: State?) -> State? {
        switch entry.operation {
        case .create: (entry.after ?? [:], false)
        case .update: (entry.after ?? state?.fields ?? [:], state?.deleted ?? false)
        case .delete: (entry.before ?? state?.fields ?? [:], true)
        case .undelete: (entry.after ?? state?.fields ?? [:], false)
        case .schema: state
        }
    }

    /// What a perfect rollback leaves: the checkpoint state, with others' later writes applied field by field.
    static func expected(_ entries: [JournalEntry], after checkpoint: Int, connector: String?) -> State? {
        let earlier = entries.filter { $0.sequence <= checkpoint }
        var state: State?
        if let last = earlier.last {
            state = apply(last, to: nil)
        } else if let first = entries.first(where: { $0.sequence > checkpoint }), first.operation != .create {
            // No entry of its own before the checkpoint (seeded in bulk): its first later write says what it was.
            state = first.operation == .undelete ? (first.after ?? [:], true) : (first.before ?? [:], false)
        }
        for entry in entries where entry.sequence > checkpoint && entry.actor != connector {
            switch entry.operation {
            case .create: state = (entry.after ?? [:], false)
            case .update:
                var fields = state?.fields ?? [:]
                for key in entry.changedFields { fields[key] = entry.after?[key] ?? .null }
                state = (fields, state?.deleted ?? false)
            case .delete: state = (state?.fields ?? entry.before ?? [:], true)
            case .undelete: state = (state?.fields ?? entry.after ?? [:], false)
            case .schema: break
            }
        }
        return state
    }

    /// nil when the record is as a perfect rollback leaves it, else what differs.
    static func difference(expected: State?, now: State?, stamped: Set<String>) -> String? {
        switch (expected, now) {
        case (nil, nil): return nil
        case (nil, let now?): return now.deleted ? nil : "created by the connector after the checkpoint and still there"
        case (let expected?, nil): return expected.deleted ? nil : "should exist and is gone"
        case (let expected?, let now?):
            if expected.deleted != now.deleted { return expected.deleted ? "should be deleted and is not" : "deleted by the connector and not restored" }
            let old = JournalFindings.comparable(expected.fields, stamped: stamped)
            let new = JournalFindings.comparable(now.fields, stamped: stamped)
            for key in Set(old.keys).union(new.keys).sorted() where (old[key] ?? .null) != (new[key] ?? .null) {
                return "\(key) is \(new[key] ?? .null), should be \(old[key] ?? .null)"
            }
            return nil
        }
    }
}
