import Testing

@testable import FakeCRM

/// Bulk API 2.0 job states without I/O: which requests each state allows.
@Suite(.tags(.inMemory)) struct Bulk2JobStateMachineTests {
    @Test func ingestJobRunsOpenThenUploadCompleteThenInProgressThenJobComplete() {
        var machine = Bulk2JobStateMachine(kind: .ingest)
        #expect(machine.state == .open)
        #expect(machine.upload() == .proceed)
        #expect(machine.request(.uploadComplete) == .proceed)
        #expect(machine.state == .uploadComplete)
        #expect(machine.upload() != .proceed)
        let first = machine.startProcessing()
        let second = machine.startProcessing()
        #expect(first)
        #expect(!second, "only one caller processes the data")
        #expect(machine.observe() == .inProgress)
        machine.processed(.jobComplete)
        #expect(machine.state == .inProgress, "the outcome shows on the next look")
        #expect(machine.observe() == .jobComplete)
        #expect(machine.delete() == .proceed)
    }

    @Test func finishedJobsCannotBeAbortedAndOpenJobsCannotBeDeleted() {
        var open = Bulk2JobStateMachine(kind: .ingest)
        #expect(open.delete() == .refuse(status: 400, errorCode: "INVALIDJOBSTATE", message: "Job state is Open, can only delete a job in the UploadComplete, JobComplete, Aborted or Failed state"))
        #expect(open.request(.jobComplete) == .refuse(status: 400, errorCode: "INVALIDJOBSTATE", message: "Invalid state transition: Open to JobComplete"))
        var done = Bulk2JobStateMachine(kind: .ingest)
        _ = done.request(.uploadComplete)
        _ = done.startProcessing()
        done.processed(.jobComplete)
        #expect(done.request(.aborted) == .refuse(status: 400, errorCode: "INVALIDJOBSTATE", message: "Aborting already Completed Job not allowed"))
        #expect(done.observe() == .jobComplete)
    }

    @Test func queryJobStartsUploadCompleteCanBeAbortedBeforeItRunsAndGuardsItsResults() {
        var query = Bulk2JobStateMachine(kind: .query)
        #expect(query.state == .uploadComplete)
        #expect(query.upload() == .refuse(status: 404, errorCode: "NOT_FOUND", message: "The requested resource does not exist"))
        #expect(query.request(.uploadComplete) != .proceed)
        guard case .refuse(412, "JOB_NOT_COMPLETE", let message) = query.readResults() else {
            Issue.record("results before completion must be refused with 412 JOB_NOT_COMPLETE")
            return
        }
        #expect(message.hasSuffix("Current status: UPLOAD_COMPLETE"))
        #expect(query.request(.aborted) == .proceed)
        let started = query.startProcessing()
        #expect(!started, "an aborted job never runs")
        #expect(query.observe() == .aborted)
        var failed = Bulk2JobStateMachine(kind: .query)
        _ = failed.startProcessing()
        failed.processed(.failed)
        #expect(failed.observe() == .failed)
        #expect(failed.readResults() != .proceed)
    }

    @Test func aJobAbortedWhileItRunsStaysAborted() {
        var machine = Bulk2JobStateMachine(kind: .ingest)
        _ = machine.request(.uploadComplete)
        _ = machine.startProcessing()
        #expect(machine.request(.aborted) == .proceed)
        machine.processed(.jobComplete)
        #expect(machine.observe() == .aborted)
    }
}
