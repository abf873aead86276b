/// One write of a batch (`RecordStore.batch`), as composite APIs send them.
public enum BatchOperation: Sendable {
    case create(object: String, fields: [String: JSONValue])
    case update(id: String, fields: [String: JSONValue])
    case delete(id: String)
}
