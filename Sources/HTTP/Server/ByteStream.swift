/// A connected, blocking byte stream: a plain socket or a TLS session on one.
package protocol ByteStream: AnyObject {
    /// Reads available bytes; 0 means the peer closed. Throws on timeout or error.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    func write(_ bytes: [UInt8]) throws
    /// Orderly close.
    func close()
    /// Abortive close: the peer sees a connection reset.
    func reset()
}

/// A plain TCP connection.
package final class PlainStream: ByteStream {
    let fd: Int32
    private var closed = false

    package init(fd: Int32) { self.fd = fd }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try Socket.receive(fd, into: buffer)
    }

    package func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try Socket.sendAll(fd, $0) }
    }

    package func close() {
        guard !closed else { return }
        closed = true
        _ = Glibc.close(fd)
    }

    package func reset() {
        guard !closed else { return }
        closed = true
        Socket.reset(fd)
    }
}

import Glibc
