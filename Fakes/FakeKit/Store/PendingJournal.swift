/// Journal entries a write has produced but not yet committed: a batch that
/// rolls back (all-or-none) must leave no trace in the journal.
struct PendingJournal {
    struct Entry {
        let actor: String
        let operation: JournalEntry.Operation
        let object: String
        let recordID: String?
        let before: [String: JSONValue]?
        let after: [String: JSONValue]?
        let channel: String
    }

    private(set) var entries: [Entry] = []

    mutating func add(
        actor: String, operation: JournalEntry.Operation, object: String, recordID: String?, before: [String: JSONValue]?,
        after: [String: JSONValue]?, channel: String
    ) {
        entries.append(Entry(actor: actor, operation: operation, object: object, recordID: recordID, before: before, after: after, channel: channel))
    }

    func flush(to journal: Journal) {
        for e in entries {
            journal.append(actor: e.actor, operation: e.operation, object: e.object, recordID: e.recordID, before: e.before, after: e.after, channel: e.channel)
        }
    }
}
