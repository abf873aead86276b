import Glibc

/// The certificate-making part of the system's OpenSSL 3 (libcrypto),
/// loaded at run time with `dlopen` as `OpenSSL` loads libssl: the calls
/// that make a key pair, build and sign an X.509 certificate, and write PEM.
/// Every signature is non-variadic in OpenSSL 3's stable ABI (the
/// `EVP_EC_gen` convenience is a variadic macro, so the key is made through
/// an `EVP_PKEY_CTX` instead).
package struct LibCrypto: Sendable {
    typealias NewFn = @convention(c) () -> OpaquePointer?
    typealias FreeFn = @convention(c) (OpaquePointer?) -> Void
    typealias CtxFromNameFn = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> OpaquePointer?
    typealias IntOfPointerFn = @convention(c) (OpaquePointer?) -> Int32
    typealias SetNameFn = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    typealias GenerateFn = @convention(c) (OpaquePointer?, UnsafeMutablePointer<OpaquePointer?>?) -> Int32
    typealias SetLongFn = @convention(c) (OpaquePointer?, Int) -> Int32
    typealias GetPointerFn = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias TimeAdjFn = @convention(c) (OpaquePointer?, Int) -> OpaquePointer?
    typealias SetPointerFn = @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32
    typealias AddEntryFn = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<UInt8>?, Int32, Int32, Int32) -> Int32
    typealias SetCtxFn = @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, OpaquePointer?, OpaquePointer?, OpaquePointer?, Int32) -> Void
    typealias ExtensionFn = @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?) -> OpaquePointer?
    typealias AddExtFn = @convention(c) (OpaquePointer?, OpaquePointer?, Int32) -> Int32
    typealias SignFn = @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?) -> Int32
    typealias BioNewFn = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias BioCtrlFn = @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    typealias WriteKeyFn = @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?, UnsafePointer<UInt8>?, Int32, OpaquePointer?, UnsafeMutableRawPointer?) -> Int32

    let pkeyCtxNewFromName: CtxFromNameFn
    let pkeyKeygenInit: IntOfPointerFn
    let pkeyCtxSetGroupName: SetNameFn
    let pkeyGenerate: GenerateFn
    let pkeyCtxFree: FreeFn
    let pkeyFree: FreeFn
    let x509New: NewFn
    let x509Free: FreeFn
    let x509SetVersion: SetLongFn
    let x509GetSerialNumber: GetPointerFn
    let asn1IntegerSet: SetLongFn
    let x509GetmNotBefore: GetPointerFn
    let x509GetmNotAfter: GetPointerFn
    let x509GmtimeAdj: TimeAdjFn
    let x509SetPubkey: SetPointerFn
    let x509GetSubjectName: GetPointerFn
    let x509NameAddEntryByTxt: AddEntryFn
    let x509SetIssuerName: SetPointerFn
    let x509v3SetCtx: SetCtxFn
    let x509v3ExtConfNID: ExtensionFn
    let x509AddExt: AddExtFn
    let x509ExtensionFree: FreeFn
    let x509Sign: SignFn
    let evpSHA256: NewFn
    let bioSMem: NewFn
    let bioNew: BioNewFn
    let bioFree: IntOfPointerFn
    let bioCtrl: BioCtrlFn
    let pemWriteBioX509: SetPointerFn
    let pemWriteBioPrivateKey: WriteKeyFn

    // Constants from OpenSSL 3's public headers.
    static let mbstringASC: Int32 = 0x1001  // MBSTRING_ASC
    static let bioCtrlInfo: Int32 = 3  // BIO_CTRL_INFO (BIO_get_mem_data is a macro over it)
    static let nidBasicConstraints: Int32 = 87  // NID_basic_constraints
    static let nidKeyUsage: Int32 = 83  // NID_key_usage
    static let nidSubjectAltName: Int32 = 85  // NID_subject_alt_name
    static let nidExtKeyUsage: Int32 = 126  // NID_ext_key_usage
    static let nidSubjectKeyIdentifier: Int32 = 82  // NID_subject_key_identifier
    static let nidAuthorityKeyIdentifier: Int32 = 90  // NID_authority_key_identifier
    /// Room for an `X509V3_CTX` (eight pointer-sized fields in OpenSSL 3), with margin.
    static let x509v3ContextBytes = 256

    package static let shared: Result<LibCrypto, TLSError> = load()

    package static func loaded() throws(TLSError) -> LibCrypto { try shared.get() }

    private static func load() -> Result<LibCrypto, TLSError> {
        let opened: DynamicLibrary
        switch DynamicLibrary.open(["libcrypto.so.3", "libcrypto.so"]) {
        case .success(let library): opened = library
        case .failure(let error):
            return .failure(TLSError("OpenSSL's libcrypto could not be loaded (\(error.message)). Install OpenSSL 3 (Debian: apt-get install libssl3)."))
        }
        func bind<T>(_ name: String, as type: T.Type) -> T? { opened.bind(name, as: type) }
        let keys = (
            bind("EVP_PKEY_CTX_new_from_name", as: CtxFromNameFn.self), bind("EVP_PKEY_keygen_init", as: IntOfPointerFn.self),
            bind("EVP_PKEY_CTX_set_group_name", as: SetNameFn.self), bind("EVP_PKEY_generate", as: GenerateFn.self),
            bind("EVP_PKEY_CTX_free", as: FreeFn.self), bind("EVP_PKEY_free", as: FreeFn.self)
        )
        let certificates = (
            bind("X509_new", as: NewFn.self), bind("X509_free", as: FreeFn.self), bind("X509_set_version", as: SetLongFn.self),
            bind("X509_get_serialNumber", as: GetPointerFn.self), bind("ASN1_INTEGER_set", as: SetLongFn.self),
            bind("X509_getm_notBefore", as: GetPointerFn.self), bind("X509_getm_notAfter", as: GetPointerFn.self),
            bind("X509_gmtime_adj", as: TimeAdjFn.self), bind("X509_set_pubkey", as: SetPointerFn.self),
            bind("X509_get_subject_name", as: GetPointerFn.self), bind("X509_NAME_add_entry_by_txt", as: AddEntryFn.self),
            bind("X509_set_issuer_name", as: SetPointerFn.self)
        )
        let extensions = (
            bind("X509V3_set_ctx", as: SetCtxFn.self), bind("X509V3_EXT_conf_nid", as: ExtensionFn.self), bind("X509_add_ext", as: AddExtFn.self),
            bind("X509_EXTENSION_free", as: FreeFn.self), bind("X509_sign", as: SignFn.self), bind("EVP_sha256", as: NewFn.self)
        )
        let output = (
            bind("BIO_s_mem", as: NewFn.self), bind("BIO_new", as: BioNewFn.self), bind("BIO_free", as: IntOfPointerFn.self),
            bind("BIO_ctrl", as: BioCtrlFn.self), bind("PEM_write_bio_X509", as: SetPointerFn.self),
            bind("PEM_write_bio_PrivateKey", as: WriteKeyFn.self)
        )
        guard opened.missing.isEmpty else {
            return .failure(TLSError("the loaded libcrypto lacks \(opened.missing.joined(separator: ", ")); OpenSSL 3 is required"))
        }
        return .success(
            LibCrypto(
                pkeyCtxNewFromName: keys.0!, pkeyKeygenInit: keys.1!, pkeyCtxSetGroupName: keys.2!, pkeyGenerate: keys.3!, pkeyCtxFree: keys.4!,
                pkeyFree: keys.5!, x509New: certificates.0!, x509Free: certificates.1!, x509SetVersion: certificates.2!,
                x509GetSerialNumber: certificates.3!, asn1IntegerSet: certificates.4!, x509GetmNotBefore: certificates.5!,
                x509GetmNotAfter: certificates.6!, x509GmtimeAdj: certificates.7!, x509SetPubkey: certificates.8!,
                x509GetSubjectName: certificates.9!, x509NameAddEntryByTxt: certificates.10!, x509SetIssuerName: certificates.11!,
                x509v3SetCtx: extensions.0!, x509v3ExtConfNID: extensions.1!, x509AddExt: extensions.2!, x509ExtensionFree: extensions.3!,
                x509Sign: extensions.4!, evpSHA256: extensions.5!, bioSMem: output.0!, bioNew: output.1!, bioFree: output.2!,
                bioCtrl: output.3!, pemWriteBioX509: output.4!, pemWriteBioPrivateKey: output.5!))
    }
}
