/// The life of a Bulk API 2.0 job, with no I/O: which requests each state
/// allows and what state follows. An ingest job's data is processed in the
/// request that ends the upload, a query job's on the first look at it.
/// While the work runs the job is `InProgress`; the request that ends the
/// upload is answered `UploadComplete`, as Salesforce answers it, and the
/// outcome (`JobComplete` or `Failed`) shows from the next look on, so a
/// client must poll, exactly as it must against a real org. A query job can
/// be aborted until it is first looked at.
struct Bulk2JobStateMachine: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case ingest, query }

    enum Action: Equatable {
        /// Go ahead.
        case proceed
        /// Salesforce's refusal: the status and error code it answers with.
        case refuse(status: Int, errorCode: String, message: String)
    }

    let kind: Kind
    private(set) var state: Bulk2JobState
    /// What processing decided, shown from the next observation on.
    private var outcome: Bulk2JobState?

    init(kind: Kind) {
        self.kind = kind
        state = kind == .ingest ? .open : .uploadComplete
    }

    /// Data may be uploaded only while an ingest job is open.
    func upload() -> Action {
        guard kind == .ingest else { return .refuse(status: 404, errorCode: "NOT_FOUND", message: "The requested resource does not exist") }
        guard state == .open else {
            return .refuse(
                status: 409, errorCode: "INVALIDJOBSTATE", message: "Job state is \(state.rawValue), can only upload data to a job in the Open state")
        }
        return .proceed
    }

    /// `PATCH {"state": …}`: `UploadComplete` closes an open ingest job,
    /// `Aborted` cancels one that has not finished.
    mutating func request(_ target: Bulk2JobState) -> Action {
        switch target {
        case .uploadComplete:
            guard kind == .ingest else { return invalid("Invalid state transition: a query job cannot be set to UploadComplete") }
            guard state == .open else { return invalid("Job state is \(state.rawValue), can only close a job in the Open state") }
            state = .uploadComplete
            return .proceed
        case .aborted:
            guard !state.isFinal, outcome == nil else {
                let shown = (outcome ?? state) == .jobComplete ? "Completed" : (outcome ?? state).rawValue
                return invalid("Aborting already \(shown) Job not allowed")
            }
            state = .aborted
            return .proceed
        case .open, .inProgress, .jobComplete, .failed:
            return invalid("Invalid state transition: \(state.rawValue) to \(target.rawValue)")
        }
    }

    /// Whether the job's data waits to be processed: true once, for the caller that then does the work.
    mutating func startProcessing() -> Bool {
        guard state == .uploadComplete, outcome == nil else { return false }
        state = .inProgress
        return true
    }

    /// Processing finished with `result` (`JobComplete` or `Failed`). A job
    /// aborted meanwhile stays aborted.
    mutating func processed(_ result: Bulk2JobState) {
        precondition(result == .jobComplete || result == .failed, "processing ends a job complete or failed")
        guard state == .inProgress else { return }
        outcome = result
    }

    /// A look at the job (`GET`): its state, moved on to the outcome if processing has finished.
    mutating func observe() -> Bulk2JobState {
        if let outcome {
            state = outcome
            self.outcome = nil
        }
        return state
    }

    /// Results of a query job are readable once it is complete.
    func readResults() -> Action {
        guard state == .jobComplete else {
            let shown: String =
                switch state {
                case .uploadComplete: "UPLOAD_COMPLETE"
                case .inProgress: "IN_PROGRESS"
                case .failed: "FAILED"
                case .aborted: "ABORTED"
                case .open: "OPEN"
                case .jobComplete: "JOB_COMPLETE"
                }
            return .refuse(
                status: 412, errorCode: "JOB_NOT_COMPLETE",
                message: "can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: \(shown)")
        }
        return .proceed
    }

    /// A job may be deleted once it is no longer open or running.
    func delete() -> Action {
        switch outcome ?? state {
        case .open, .inProgress:
            return invalid("Job state is \((outcome ?? state).rawValue), can only delete a job in the UploadComplete, JobComplete, Aborted or Failed state")
        case .uploadComplete, .jobComplete, .failed, .aborted:
            return .proceed
        }
    }

    private func invalid(_ message: String) -> Action {
        .refuse(status: 400, errorCode: "INVALIDJOBSTATE", message: message)
    }
}
