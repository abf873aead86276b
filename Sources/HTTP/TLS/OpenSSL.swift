import Glibc

/// The system's OpenSSL 3, loaded at run time with `dlopen`.
///
/// Linking `-lssl` would need OpenSSL's headers and a module map at build
/// time; loading `libssl.so.3` (present on every current Linux) keeps the
/// build to the toolchain alone. Only the handful of calls a blocking TLS
/// server needs are bound. Their C signatures are the stable OpenSSL 3 ABI.
package struct OpenSSL: Sendable {
    typealias MethodFn = @convention(c) () -> OpaquePointer?
    typealias CtxNewFn = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias FreeFn = @convention(c) (OpaquePointer?) -> Void
    typealias UseFileFn = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    typealias UseKeyFileFn = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32
    typealias CtxCheckFn = @convention(c) (OpaquePointer?) -> Int32
    typealias CtxCtrlFn = @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    typealias SetOptionsFn = @convention(c) (OpaquePointer?, UInt64) -> UInt64
    typealias SetFdFn = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias SSLCallFn = @convention(c) (OpaquePointer?) -> Int32
    typealias ReadFn = @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32) -> Int32
    typealias WriteFn = @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int32) -> Int32
    typealias GetErrorFn = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias ErrGetFn = @convention(c) () -> UInt
    typealias ErrStringFn = @convention(c) (UInt, UnsafeMutablePointer<CChar>?, Int) -> Void
    typealias InitFn = @convention(c) (UInt64, OpaquePointer?) -> Int32
    typealias LoadVerifyFn = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32
    typealias SetVerifyFn = @convention(c) (OpaquePointer?, Int32, OpaquePointer?) -> Void
    typealias GetParamFn = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias ParamSetTextFn = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    typealias ParamSetHostFn = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int) -> Int32
    typealias VerifyResultFn = @convention(c) (OpaquePointer?) -> Int

    let serverMethod: MethodFn
    let ctxNew: CtxNewFn
    let ctxFree: FreeFn
    let useCertificateChainFile: UseFileFn
    let usePrivateKeyFile: UseKeyFileFn
    let checkPrivateKey: CtxCheckFn
    let ctxCtrl: CtxCtrlFn
    let setOptions: SetOptionsFn
    let sslNew: CtxNewFn
    let sslFree: FreeFn
    let setFd: SetFdFn
    let accept: SSLCallFn
    let shutdown: SSLCallFn
    let read: ReadFn
    let write: WriteFn
    let getError: GetErrorFn
    let errGetError: ErrGetFn
    let errErrorString: ErrStringFn
    // Client side (HTTPClient's https): verify the server against a CA file and its address or name.
    let clientMethod: MethodFn
    let loadVerifyLocations: LoadVerifyFn
    let setVerify: SetVerifyFn
    let connect: SSLCallFn
    let pending: SSLCallFn
    let getParam: GetParamFn
    let paramSetIP: ParamSetTextFn
    let paramSetHost: ParamSetHostFn
    let verifyResult: VerifyResultFn

    // Constants from OpenSSL 3's public headers.
    static let fileTypePEM: Int32 = 1  // SSL_FILETYPE_PEM
    static let ctrlSetMinProtoVersion: Int32 = 123  // SSL_CTRL_SET_MIN_PROTO_VERSION
    static let ctrlSetReadAhead: Int32 = 41  // SSL_CTRL_SET_READ_AHEAD (SSL_CTX_set_read_ahead is a macro over it)
    static let tls12Version = 0x0303  // TLS1_2_VERSION
    static let optNoRenegotiation: UInt64 = 1 << 30  // SSL_OP_NO_RENEGOTIATION
    static let optIgnoreUnexpectedEOF: UInt64 = 1 << 7  // SSL_OP_IGNORE_UNEXPECTED_EOF
    static let errorWantRead: Int32 = 2  // SSL_ERROR_WANT_READ
    static let errorWantWrite: Int32 = 3  // SSL_ERROR_WANT_WRITE
    static let errorSyscall: Int32 = 5  // SSL_ERROR_SYSCALL
    static let errorZeroReturn: Int32 = 6  // SSL_ERROR_ZERO_RETURN
    static let verifyPeer: Int32 = 1  // SSL_VERIFY_PEER

    /// The library, loaded once per process; the error says why it could not be.
    package static let shared: Result<OpenSSL, TLSError> = load()

    package static func loaded() throws(TLSError) -> OpenSSL { try shared.get() }

    private static func load() -> Result<OpenSSL, TLSError> {
        let opened: DynamicLibrary
        switch DynamicLibrary.open(["libssl.so.3", "libssl.so"]) {
        case .success(let library): opened = library
        case .failure(let error):
            return .failure(TLSError("OpenSSL could not be loaded (\(error.message)). "
                + "Install the system OpenSSL 3 library (Debian: apt-get install libssl3), or serve plain HTTP with --http."))
        }
        func bind<T>(_ name: String, as type: T.Type) -> T? { opened.bind(name, as: type) }
        let library = (
            bind("OPENSSL_init_ssl", as: InitFn.self),
            bind("TLS_server_method", as: MethodFn.self),
            bind("SSL_CTX_new", as: CtxNewFn.self),
            bind("SSL_CTX_free", as: FreeFn.self),
            bind("SSL_CTX_use_certificate_chain_file", as: UseFileFn.self),
            bind("SSL_CTX_use_PrivateKey_file", as: UseKeyFileFn.self),
            bind("SSL_CTX_check_private_key", as: CtxCheckFn.self),
            bind("SSL_CTX_ctrl", as: CtxCtrlFn.self),
            bind("SSL_CTX_set_options", as: SetOptionsFn.self),
            bind("SSL_new", as: CtxNewFn.self),
            bind("SSL_free", as: FreeFn.self),
            bind("SSL_set_fd", as: SetFdFn.self),
            bind("SSL_accept", as: SSLCallFn.self),
            bind("SSL_shutdown", as: SSLCallFn.self),
            bind("SSL_read", as: ReadFn.self),
            bind("SSL_write", as: WriteFn.self),
            bind("SSL_get_error", as: GetErrorFn.self),
            bind("ERR_get_error", as: ErrGetFn.self),
            bind("ERR_error_string_n", as: ErrStringFn.self)
        )
        let client = (
            bind("TLS_client_method", as: MethodFn.self),
            bind("SSL_CTX_load_verify_locations", as: LoadVerifyFn.self),
            bind("SSL_CTX_set_verify", as: SetVerifyFn.self),
            bind("SSL_connect", as: SSLCallFn.self),
            bind("SSL_pending", as: SSLCallFn.self),
            bind("SSL_get0_param", as: GetParamFn.self),
            // libcrypto's, found through libssl's dependencies.
            bind("X509_VERIFY_PARAM_set1_ip_asc", as: ParamSetTextFn.self),
            bind("X509_VERIFY_PARAM_set1_host", as: ParamSetHostFn.self),
            bind("SSL_get_verify_result", as: VerifyResultFn.self)
        )
        guard opened.missing.isEmpty, let initSSL = library.0 else {
            return .failure(TLSError("the loaded OpenSSL lacks \(opened.missing.joined(separator: ", ")); OpenSSL 3 is required"))
        }
        guard initSSL(0, nil) == 1 else { return .failure(TLSError("OPENSSL_init_ssl failed")) }
        return .success(
            OpenSSL(
                serverMethod: library.1!, ctxNew: library.2!, ctxFree: library.3!,
                useCertificateChainFile: library.4!, usePrivateKeyFile: library.5!, checkPrivateKey: library.6!,
                ctxCtrl: library.7!, setOptions: library.8!, sslNew: library.9!, sslFree: library.10!,
                setFd: library.11!, accept: library.12!, shutdown: library.13!, read: library.14!,
                write: library.15!, getError: library.16!, errGetError: library.17!, errErrorString: library.18!,
                clientMethod: client.0!, loadVerifyLocations: client.1!, setVerify: client.2!, connect: client.3!,
                pending: client.4!, getParam: client.5!, paramSetIP: client.6!, paramSetHost: client.7!, verifyResult: client.8!))
    }

    /// Drains OpenSSL's thread-local error queue into one readable line.
    func errorQueueDescription() -> String {
        var messages: [String] = []
        while true {
            let code = errGetError()
            if code == 0 { break }
            var text = [CChar](repeating: 0, count: 256)
            errErrorString(code, &text, text.count)
            messages.append(text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        return messages.isEmpty ? "no OpenSSL error recorded" : messages.joined(separator: "; ")
    }
}
