import Foundation
import Synchronization

/// The org's bulk jobs of both APIs, by id. Processing runs outside the
/// lock (a 100,000-row query must not stall every other job's polling):
/// callers take what they need under `update`, work, then store the result.
final class BulkJobTable: Sendable {
    private let bulk2 = Mutex<[String: Bulk2Job]>([:])
    private let bulk1 = Mutex<[String: Bulk1Job]>([:])
    private let counter = Atomic<Int>(0)
    private let batchesUsed = Atomic<Int>(0)
    private let queryJobsUsed = Atomic<Int>(0)

    /// The org's daily bulk allowances, as `limits/` names them.
    static let dailyBulkApiBatches = 15_000
    static let dailyBulkV2QueryJobs = 10_000
    /// Bulk API 2.0 ingest data counts one batch per 10,000 records.
    static let ingestRecordsPerBatch = 10_000

    /// Counts batches against `DailyBulkApiBatches`; false (nothing counted) when they would exceed it.
    func consumeBatches(_ count: Int) -> Bool {
        var current = batchesUsed.load(ordering: .relaxed)
        while current + count <= Self.dailyBulkApiBatches {
            let (exchanged, original) = batchesUsed.compareExchange(expected: current, desired: current + count, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func consumeQueryJob() { queryJobsUsed.wrappingAdd(1, ordering: .relaxed) }

    var usage: (batches: Int, queryJobs: Int) { (batchesUsed.load(ordering: .relaxed), queryJobsUsed.load(ordering: .relaxed)) }

    /// A new id with the key prefix of jobs (750), batches (751) or results (752).
    func newID(prefix: String) -> String {
        SalesforceID.make(prefix: prefix, number: counter.wrappingAdd(1, ordering: .relaxed).newValue)
    }

    func insert(_ job: Bulk2Job) { bulk2.withLock { $0[job.id] = job } }

    /// Runs `body` on the job, or returns nil when there is no such job.
    func update<T>(bulk2 id: String, _ body: (inout Bulk2Job) throws -> T) rethrows -> T? {
        try Self.update(id, in: bulk2, body)
    }

    private static func update<Job: Sendable, T>(_ id: String, in table: borrowing Mutex<[String: Job]>, _ body: (inout Job) throws -> T) rethrows -> T? {
        try table.withLock { jobs in
            guard var job = jobs[id] else { return nil }
            defer { jobs[id] = job }
            return try body(&job)
        }
    }

    func remove(bulk2 id: String) { _ = bulk2.withLock { $0.removeValue(forKey: id) } }

    func bulk2Jobs() -> [Bulk2Job] { bulk2.withLock { Array($0.values) }.sorted { $0.id < $1.id } }

    func insert(_ job: Bulk1Job) { bulk1.withLock { $0[job.id] = job } }

    func update<T>(bulk1 id: String, _ body: (inout Bulk1Job) throws -> T) rethrows -> T? {
        try Self.update(id, in: bulk1, body)
    }
}
