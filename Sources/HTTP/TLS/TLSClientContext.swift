import Glibc

/// A client-side OpenSSL context that trusts one CA file and verifies the
/// server's certificate and its name or address on every connection.
package final class TLSClientContext: Sendable {
    // Written once in init, only read afterwards; SSL_CTX is thread-safe once configured.
    private nonisolated(unsafe) let context: OpaquePointer
    let library: OpenSSL

    package init(caFile: String) throws(TLSError) {
        let library = try OpenSSL.loaded()
        guard let method = library.clientMethod(), let context = library.ctxNew(method) else {
            throw TLSError("SSL_CTX_new failed: \(library.errorQueueDescription())")
        }
        guard library.loadVerifyLocations(context, caFile, nil) == 1 else {
            library.ctxFree(context)
            throw TLSError("cannot load the CA file \(caFile): \(library.errorQueueDescription())")
        }
        library.setVerify(context, OpenSSL.verifyPeer, nil)
        _ = library.ctxCtrl(context, OpenSSL.ctrlSetMinProtoVersion, OpenSSL.tls12Version, nil)
        _ = library.setOptions(context, OpenSSL.optNoRenegotiation | OpenSSL.optIgnoreUnexpectedEOF)
        self.context = context
        self.library = library
    }

    deinit { library.ctxFree(context) }

    /// Performs the client handshake on a connected socket, checking that the
    /// certificate names `host` (an IP address or a DNS name).
    package func connect(fd: Int32, host: String) throws(TLSError) -> TLSStream {
        guard let ssl = library.sslNew(context) else { throw TLSError("SSL_new failed") }
        _ = library.setFd(ssl, fd)
        let param = library.getParam(ssl)
        var probe = in_addr()
        let named = inet_pton(AF_INET, host, &probe) == 1 ? library.paramSetIP(param, host) : library.paramSetHost(param, host, 0)
        guard named == 1 else {
            library.sslFree(ssl)
            throw TLSError("cannot set the expected server name \(host)")
        }
        let result = library.connect(ssl)
        guard result == 1 else {
            let code = library.getError(ssl, result)
            let verify = library.verifyResult(ssl)
            let detail = library.errorQueueDescription()
            library.sslFree(ssl)
            throw TLSError("TLS handshake with \(host) failed (SSL_get_error \(code), verify result \(verify)): \(detail)")
        }
        return TLSStream(ssl: ssl, fd: fd, library: library)
    }
}
