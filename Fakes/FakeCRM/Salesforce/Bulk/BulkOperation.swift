/// What a bulk job does, as both bulk APIs name it in `operation`.
enum BulkOperation: String, Sendable {
    case insert, update, upsert, delete, hardDelete, query, queryAll

    var isQuery: Bool { self == .query || self == .queryAll }

    /// Ingest operations, the only ones `jobs/ingest` takes.
    static let ingest: [BulkOperation] = [.insert, .update, .upsert, .delete, .hardDelete]
}
