import HTTP

/// A system's API with its fault layer and request log in front: the
/// skeleton every fake shares, built once here.
public struct FaultedAPI: Sendable {
    /// The API alone (people's acts, and the fault benchmark's baseline).
    public let api: any HTTPHandler
    /// The fault layer, which also writes the request log.
    public let faults: FaultPipeline
    public let requestLog: RequestLog
    /// `api` behind `faults`.
    public let handler: any HTTPHandler

    /// - Parameters:
    ///   - dialect: how this system words outages, throttling and refusals.
    ///   - applier: how it applies changes (drift, auth, versions).
    ///   - seed: the fault layer's generators' seed (same seed, same schedule).
    public init(api: any HTTPHandler, dialect: any FaultDialect, applier: any FaultApplier, seed: UInt64, clock: JournalClock) {
        self.api = api
        requestLog = RequestLog()
        faults = FaultPipeline(seed: seed, clock: clock, dialect: dialect, log: requestLog, applier: applier)
        handler = api.with(faults)
    }
}
