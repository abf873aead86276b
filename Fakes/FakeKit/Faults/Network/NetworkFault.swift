import HTTP

/// A traffic fault that acts on the bytes of an answer on the wire, as
/// Toxiproxy's toxics do (bandwidth, slicer, timeout, limit_data,
/// slow_close): the request is handled as usual, then the fault shapes how
/// the answer travels. Each type carries its own behaviour, a
/// `DeliveryShaper` for one answer; the pipeline only collects them.
public protocol NetworkFault: Sendable {
    var scope: FaultScope { get }
    /// What the request log notes for an answer it shaped (`bandwidth:20000`).
    var note: String { get }
    /// The request log's `connection` for an answer it shaped (`send` when it still arrives whole).
    var connectionNote: String { get }
    /// Whether the client never sees the answer's status line.
    var withholdsAnswer: Bool { get }
    /// The shaper for one request's answer; random draws come from `generator`, the fault's own.
    func shaper(for request: HTTPRequest, using generator: inout SeededGenerator) -> any DeliveryShaper
}

extension NetworkFault {
    public var connectionNote: String { "send" }
    public var withholdsAnswer: Bool { false }
}

extension Duration {
    /// `count` bytes at `bytesPerSecond`.
    static func transfer(of count: Int, at bytesPerSecond: Int) -> Duration {
        .nanoseconds(Int64((Double(count) / Double(bytesPerSecond) * 1e9).rounded()))
    }
}
