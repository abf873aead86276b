import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Writes to standard output and error with write(2), which reports a closed
/// pipe as EPIPE (SIGPIPE is ignored by the HTTP server) instead of the
/// `try!` crash of `FileHandle.write` (`run … | head -1`). Once a stream is
/// closed, later writes to it are dropped quietly.
public enum StandardOutput {
    private static let closed = Mutex<Set<Int32>>([])

    /// Writes all of `text` to `descriptor`; false if the reader has gone.
    @discardableResult
    public static func write(_ text: String, to descriptor: Int32 = STDOUT_FILENO) -> Bool {
        if closed.withLock({ $0.contains(descriptor) }) { return false }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                closed.withLock { _ = $0.insert(descriptor) }
                return false
            }
            bytes = bytes.dropFirst(written)
        }
        return true
    }

    public static func error(_ text: String) { write(text, to: STDERR_FILENO) }
}
