import Glibc

/// One TLS session over a blocking socket. Owned by a single connection
/// thread; never shared.
package final class TLSStream: ByteStream {
    private let ssl: OpaquePointer
    private let fd: Int32
    private let library: OpenSSL
    private var closed = false

    init(ssl: OpaquePointer, fd: Int32, library: OpenSSL) {
        self.ssl = ssl
        self.fd = fd
        self.library = library
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = library.read(ssl, buffer.baseAddress, Int32(min(buffer.count, Int(Int32.max))))
        if n > 0 { return Int(n) }
        let code = library.getError(ssl, n)
        let savedErrno = errno
        _ = library.errorQueueDescription()
        switch code {
        case OpenSSL.errorZeroReturn: return 0
        case OpenSSL.errorWantRead, OpenSSL.errorWantWrite: throw SocketError("SSL_read", code: EAGAIN)
        case OpenSSL.errorSyscall where savedErrno == EAGAIN || savedErrno == EWOULDBLOCK:
            throw SocketError("SSL_read", code: EAGAIN)
        case OpenSSL.errorSyscall where savedErrno == 0: return 0  // peer closed without close_notify
        default: throw SocketError("SSL_read", code: savedErrno == 0 ? EIO : savedErrno)
        }
    }

    package func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                library.write(ssl, raw.baseAddress! + offset, Int32(min(bytes.count - offset, Int(Int32.max))))
            }
            guard n > 0 else {
                let savedErrno = errno
                _ = library.errorQueueDescription()
                throw SocketError("SSL_write", code: savedErrno == 0 ? EIO : savedErrno)
            }
            offset += Int(n)
        }
    }

    /// Decrypted bytes OpenSSL holds that a poll on the socket would not show.
    package var pendingBytes: Int { Int(library.pending(ssl)) }

    package func close() {
        guard !closed else { return }
        closed = true
        _ = library.shutdown(ssl)
        library.sslFree(ssl)
        _ = Glibc.close(fd)
    }

    package func reset() {
        guard !closed else { return }
        closed = true
        library.sslFree(ssl)
        Socket.reset(fd)
    }
}
