/// A Bulk API 2.0 job's state, spelled as the API spells it.
enum Bulk2JobState: String, Sendable, Equatable {
    case open = "Open"
    case uploadComplete = "UploadComplete"
    case inProgress = "InProgress"
    case jobComplete = "JobComplete"
    case failed = "Failed"
    case aborted = "Aborted"

    var isFinal: Bool { self == .jobComplete || self == .failed || self == .aborted }
}
