import HTTP

/// What every simulated system in a world is, whatever its dialect: a
/// journaled record store behind an HTTP API, a fault layer in front of that
/// API writing the request log, and an admin API over both. The world, the
/// runner and `serve` see a system only through this seam, so a new dialect
/// is a folder that conforms to it plus one registry entry.
public protocol SimulatedSystem: AnyObject, Sendable {
    var store: RecordStore { get }
    var journal: Journal { get }
    /// The API behind its fault layer, with the request log: the connector's door.
    var faulted: FaultedAPI { get }
    /// Seeded records by the `ref` their org or program file gives them.
    var seededIDs: [String: String] { get }
    /// The admin page's title (`Sync Verifier simulated Salesforce`).
    var adminTitle: String { get }
}

extension SimulatedSystem {
    /// The API behind the fault layer (what a connector reaches).
    public var handler: any HTTPHandler { faulted.handler }
    /// The API alone, without the fault layer or the request log: people
    /// acting in scenarios, whose requests are not the connector's traffic.
    public var api: any HTTPHandler { faulted.api }
    /// The fault layer: latency, outages, throttling, and the changes it applies.
    public var faults: FaultPipeline { faulted.faults }
    /// Every request the API received, with what the fault layer did to it.
    public var requestLog: RequestLog { faulted.requestLog }

    /// Injects a fault: traffic faults (latency, outage, throttle) join the
    /// fault layer until cleared; changes (drift, auth, versions) are applied
    /// at once and recorded. Returns the id `clearFaults` and
    /// `faults.record(id:)` take. Throws `FaultError` for a change this
    /// system cannot make (an unknown field, say).
    @discardableResult
    public func inject(_ spec: FaultSpec) throws -> Int { try faulted.faults.inject(spec) }

    /// Clears one traffic fault, or all of them (nil). Applied changes stay.
    public func clearFaults(id: Int? = nil) { faulted.faults.clear(id: id) }

    /// The API and the admin API (`/__admin/…`) on one handler, for a server bound to `boundHost`.
    public func adminHandler(boundHost: String, adminToken: String?) -> any HTTPHandler {
        faulted.handler.with(AdminAPI(faults: faulted.faults, journal: journal, boundHost: boundHost, token: adminToken, title: adminTitle))
    }
}
