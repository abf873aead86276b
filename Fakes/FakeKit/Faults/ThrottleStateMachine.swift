import Foundation

/// The running state of one throttle fault: the current window, what it
/// admitted there, and the requests in flight. Pure: the pipeline feeds it
/// times and acts on what it returns, so it is tested without I/O.
struct ThrottleStateMachine {
    enum Action: Equatable {
        /// Let the request through; report the quota (nil without one).
        case admit(ThrottleQuota?)
        case refuse(ThrottleRefusal)
    }

    let fault: ThrottleFault
    /// Windows are counted from here: the moment the fault was added.
    let start: Date
    private(set) var windowIndex = 0
    private(set) var admittedInWindow = 0
    private(set) var inFlight = 0

    init(fault: ThrottleFault, start: Date) {
        self.fault = fault
        self.start = start
    }

    /// A request arrives at `now`. An admitted request with a concurrency
    /// cap holds a slot until `finished()`.
    mutating func arrive(at now: Date) -> Action {
        let elapsed = max(0, now.timeIntervalSince(start))
        let index = Int(elapsed / fault.windowSeconds)
        if index != windowIndex {
            windowIndex = index
            admittedInWindow = 0
        }
        let resetsAt = start.addingTimeInterval(Double(index + 1) * fault.windowSeconds)
        let resetSeconds = max(1, Int(resetsAt.timeIntervalSince(now).rounded(.up)))
        if let limit = fault.limit, admittedInWindow >= limit {
            let quota = ThrottleQuota(limit: limit, used: admittedInWindow, resetSeconds: resetSeconds, resetsAt: resetsAt)
            return .refuse(ThrottleRefusal(reason: .quota, quota: quota, maxConcurrent: fault.maxConcurrent, retryAfterSeconds: resetSeconds, sendsRetryAfter: fault.retryAfter))
        }
        if let cap = fault.maxConcurrent, inFlight >= cap {
            let quota = fault.limit.map { ThrottleQuota(limit: $0, used: admittedInWindow, resetSeconds: resetSeconds, resetsAt: resetsAt) }
            // A slot frees as soon as one request ends: a second is the shortest Retry-After there is.
            return .refuse(ThrottleRefusal(reason: .concurrency, quota: quota, maxConcurrent: cap, retryAfterSeconds: 1, sendsRetryAfter: fault.retryAfter))
        }
        admittedInWindow += 1
        if fault.maxConcurrent != nil { inFlight += 1 }
        return .admit(fault.limit.map { ThrottleQuota(limit: $0, used: admittedInWindow, resetSeconds: resetSeconds, resetsAt: resetsAt) })
    }

    /// An admitted request has been answered.
    mutating func finished() {
        if fault.maxConcurrent != nil { inFlight = max(0, inFlight - 1) }
    }
}
