import Glibc

/// A server-side OpenSSL context holding one certificate chain and key.
/// Created once per server; sessions are made from it per connection.
package final class TLSContext: Sendable {
    // The context pointer is written once in init and only read afterwards;
    // OpenSSL documents SSL_CTX as safe to share across threads once configured.
    private nonisolated(unsafe) let context: OpaquePointer
    let library: OpenSSL

    package init(certificateChainPath: String, privateKeyPath: String) throws(TLSError) {
        let library = try OpenSSL.loaded()
        guard let method = library.serverMethod(), let context = library.ctxNew(method) else {
            throw TLSError("SSL_CTX_new failed: \(library.errorQueueDescription())")
        }
        guard library.useCertificateChainFile(context, certificateChainPath) == 1 else {
            library.ctxFree(context)
            throw TLSError("cannot load certificate chain \(certificateChainPath): \(library.errorQueueDescription())")
        }
        guard library.usePrivateKeyFile(context, privateKeyPath, OpenSSL.fileTypePEM) == 1,
            library.checkPrivateKey(context) == 1
        else {
            library.ctxFree(context)
            throw TLSError("cannot load private key \(privateKeyPath): \(library.errorQueueDescription())")
        }
        _ = library.ctxCtrl(context, OpenSSL.ctrlSetMinProtoVersion, OpenSSL.tls12Version, nil)
        _ = library.setOptions(context, OpenSSL.optNoRenegotiation | OpenSSL.optIgnoreUnexpectedEOF)
        // Read as many bytes as the socket has, not one record header and then
        // its body: half the read(2) calls per request (measured: see Benchmarks/README.md).
        _ = library.ctxCtrl(context, OpenSSL.ctrlSetReadAhead, 1, nil)
        self.context = context
        self.library = library
    }

    deinit { library.ctxFree(context) }

    /// Performs the server handshake on a connected socket. The socket's
    /// receive timeout bounds how long a silent client can stall it.
    package func accept(fd: Int32) throws(TLSError) -> TLSStream {
        guard let ssl = library.sslNew(context) else { throw TLSError("SSL_new failed") }
        _ = library.setFd(ssl, fd)
        let result = library.accept(ssl)
        guard result == 1 else {
            let code = library.getError(ssl, result)
            let detail = library.errorQueueDescription()
            library.sslFree(ssl)
            throw TLSError("TLS handshake failed (SSL_get_error \(code)): \(detail)")
        }
        return TLSStream(ssl: ssl, fd: fd, library: library)
    }
}
