import Foundation

/// Long end-to-end work — child processes that run for minutes — on a thread
/// of its own, two at a time. Swift Testing runs every test on a pool as wide
/// as the machine has cores (two here); a test blocked in `waitUntilExit`
/// holds one of those threads, and the quick tests queued behind it run out
/// their time limits without ever running. Only the blocking work goes here:
/// the test's own expectations stay on its task, where Swift Testing records them.
enum HeavyLane {
    private static let lanes = DispatchSemaphore(value: 2)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                lanes.wait()
                defer { lanes.signal() }
                continuation.resume(with: Result { try work() })
            }
            thread.start()
        }
    }
}
