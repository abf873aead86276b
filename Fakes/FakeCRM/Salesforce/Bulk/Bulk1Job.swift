import FakeKit
import Foundation

/// One Bulk API 1.0 job (`/services/async/NN.N/job`) and its batches.
/// A job is `Open` until closed (`Closed`) or aborted (`Aborted`); batches
/// may be added only while it is open.
struct Bulk1Job: Sendable {
    enum State: String, Sendable { case open = "Open", closed = "Closed", aborted = "Aborted", failed = "Failed" }
    /// How the batches' data and results are written: CSV, JSON or XML.
    enum ContentType: String, Sendable { case csv = "CSV", json = "JSON", xml = "XML" }

    let id: String
    let operation: BulkOperation
    let object: String
    let externalIDFieldName: String?
    let contentType: ContentType
    let concurrencyMode: String
    let createdByID: String
    let createdDate: Date
    let apiVersion: String
    let owner: String
    let pkChunking: PKChunkingOptions?
    var state: State = .open
    var modifiedDate: Date
    var batches: [Bulk1Batch] = []

    /// Batch requests may be added while the job is open.
    func refusalToAddBatch() -> Bulk1Error? {
        state == .open ? nil : Bulk1Error("InvalidJobState", "Job is \(state.rawValue), batches can only be added to an Open job")
    }

    /// `Closed` from `Open`; `Aborted` from `Open` or `Closed`.
    mutating func change(to target: State) -> Bulk1Error? {
        switch (state, target) {
        case (.open, .closed), (.open, .aborted), (.closed, .aborted):
            state = target
            return nil
        case (.closed, .closed):
            return nil
        default:
            return Bulk1Error("InvalidJobState", "Invalid state transition from \(state.rawValue) to \(target.rawValue)")
        }
    }
}

/// One batch of a Bulk API 1.0 job. Its data is processed when it is
/// added; the answer to that request says `Queued`, and the outcome
/// (`Completed`, `Failed`, or `NotProcessed` for a query split into
/// PK chunks) shows from the next look on, as it would once Salesforce's
/// queue reached it.
struct Bulk1Batch: Sendable {
    enum State: String, Sendable {
        case queued = "Queued", inProgress = "InProgress", completed = "Completed", failed = "Failed", notProcessed = "NotProcessed"
    }

    let id: String
    var state: State = .queued
    /// The state the next look shows.
    var outcome: State
    var stateMessage: String?
    let createdDate: Date
    /// The request as sent (`…/request`).
    let requestBody: Data
    /// DML: each record's outcome. Query: the rows, in one result.
    var outcomes: [BulkRowOutcome] = []
    var queryResult: BulkQueryResult?
    var queryRecords: [OrderedJSON] = []
    var resultID: String?

    var numberRecordsProcessed: Int { queryResult?.rows.count ?? outcomes.count }
    var numberRecordsFailed: Int { outcomes.reduce(0) { count, outcome in if case .failed = outcome { count + 1 } else { count } } }

    mutating func observe() {
        state = outcome
    }
}

/// A Bulk API 1.0 refusal: `exceptionCode` and `exceptionMessage`, HTTP 400
/// as Salesforce answers nearly all of them (a bad session included).
struct Bulk1Error: Error, Sendable {
    let code: String
    let message: String
    let status: Int

    init(_ code: String, _ message: String, status: Int = 400) {
        self.code = code
        self.message = message
        self.status = status
    }
}
