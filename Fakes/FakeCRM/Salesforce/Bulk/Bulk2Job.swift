import FakeKit
import Foundation

/// One Bulk API 2.0 job: what it was asked to do, its state machine, and
/// what processing left behind (the query's rows, or each ingest row's
/// outcome beside the values it was sent with).
struct Bulk2Job: Sendable {
    let id: String
    var machine: Bulk2JobStateMachine
    let operation: BulkOperation
    let object: String
    let externalIDFieldName: String?
    let columnDelimiter: String
    let dialect: CSVDialect
    let createdByID: String
    let createdDate: Date
    let apiVersion: String
    /// The client the job belongs to: only it may see or change the job.
    let owner: String
    /// Ingest: each upload's CSV as sent.
    var uploads: [Data] = []
    /// Query: the SOQL.
    let query: String?
    var queryResult: BulkQueryResult?
    /// Ingest: the header and rows that were processed, with their outcomes.
    var header: [String] = []
    var rows: [[String]] = []
    var outcomes: [BulkRowOutcome] = []
    /// Rows never processed because the job was aborted or failed first.
    var unprocessed: [[String]] = []
    var errorMessage: String?
    var modifiedDate: Date

    var numberRecordsProcessed: Int {
        machine.kind == .query ? queryResult?.rows.count ?? 0 : outcomes.count
    }

    var numberRecordsFailed: Int {
        outcomes.reduce(0) { count, outcome in if case .failed = outcome { count + 1 } else { count } }
    }
}
