/// How the bytes of one encoded response (head and body as one array) go
/// onto the wire, step by step, when something shapes their delivery: the
/// fault layer's network faults (bandwidth, a dribbled answer, a cut body, a
/// slow close). An unshaped response is one write. Pure data, so a shaper is
/// tested without a socket.
public struct DeliveryPlan: Sendable, Equatable {
    public enum Step: Sendable, Equatable {
        /// Write these bytes of the encoded response.
        case write(Range<Int>)
        /// Wait; the connection wakes early, and gives up, when the server stops.
        case pause(Duration)
        /// End the connection here; nothing after it is done.
        case close
    }

    public var steps: [Step]
    /// Bytes of the head; the body follows them.
    public let headLength: Int
    /// Bytes of head and body together.
    public let totalLength: Int

    /// The plain plan: everything in one write, then a close if `closes`.
    public init(headLength: Int, totalLength: Int, closes: Bool) {
        precondition(0 <= headLength && headLength <= totalLength, "the head is part of the response")
        self.headLength = headLength
        self.totalLength = totalLength
        steps = totalLength > 0 ? [.write(0..<totalLength)] : []
        if closes { steps.append(.close) }
    }

    /// Replaces each write with the steps `pieces` makes of it (pauses and closes stay).
    public mutating func splitWrites(_ pieces: (Range<Int>) -> [Step]) {
        steps = steps.flatMap { step -> [Step] in
            guard case .write(let range) = step else { return [step] }
            return pieces(range)
        }
    }

    /// Bytes the plan writes, in order.
    public var writtenBytes: Int {
        var total = 0
        for step in steps {
            if case .close = step { break }
            if case .write(let range) = step { total += range.count }
        }
        return total
    }

    /// Time the plan spends paused before its close (or its end).
    public var pausedTime: Duration {
        var total = Duration.zero
        for step in steps {
            if case .close = step { break }
            if case .pause(let duration) = step { total += duration }
        }
        return total
    }
}

/// One change to a response's delivery plan. Shapers are applied in the
/// order the response lists them, each to the plan the previous one left.
public protocol DeliveryShaper: Sendable {
    /// Whether the connection must end after this response: the head then
    /// says `Connection: close`, so a client does not reuse it.
    var endsConnection: Bool { get }
    func shape(_ plan: inout DeliveryPlan)
}
