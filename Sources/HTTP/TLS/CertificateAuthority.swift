import Foundation
import Synchronization

/// A certificate authority made for one run: a P-256 key and a self-signed
/// CA certificate, minted at start through libcrypto, that issues a leaf
/// certificate for each production hostname the intercepting proxy answers
/// for (`login.salesforce.com`, say). Leaves are cached per hostname.
///
/// The committed test CA (`Fakes/TestCertificates`) cannot issue them: its
/// private key is thrown away when it is made. A CA of the run's own, valid
/// for a day and never written anywhere but the run folder, also means no
/// key that signs certificates for real hostnames ever sits in the repository.
public final class CertificateAuthority: Sendable {
    /// The CA certificate connectors must trust, PEM.
    public let certificatePEM: String
    private let minter: Mutex<Minter>

    /// Makes the CA. `name` goes into its subject so a person reading a
    /// certificate can tell where it came from.
    public init(name: String = "Sync Verifier run CA (TEST-ONLY)", validSeconds: Int = 86_400) throws(TLSError) {
        let minter = try Minter(name: name, validSeconds: validSeconds)
        certificatePEM = minter.caPEM
        self.minter = Mutex(minter)
    }

    /// The identity (leaf certificate, then the CA, and the leaf's key) for
    /// `hostname`, minted on first use and cached.
    public func identity(for hostname: String) throws(TLSError) -> TLSIdentity {
        let host = hostname.lowercased()
        let result: Result<TLSIdentity, TLSError> = minter.withLock { minter in
            if let cached = minter.leaves[host] { return .success(cached) }
            do throws(TLSError) {
                let identity = try minter.issue(host)
                minter.leaves[host] = identity
                return .success(identity)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// The CA's key and certificate, used only under `CertificateAuthority`'s
/// lock: the OpenSSL objects are not touched from two threads at once.
private final class Minter {
    let library: LibCrypto
    let caKey: OpaquePointer
    let caCertificate: OpaquePointer
    let caPEM: String
    let validSeconds: Int
    var leaves: [String: TLSIdentity] = [:]
    var serial = 2

    init(name: String, validSeconds: Int) throws(TLSError) {
        let library = try LibCrypto.loaded()
        self.library = library
        self.validSeconds = validSeconds
        let key = try Self.newKey(library)
        guard let certificate = library.x509New() else {
            library.pkeyFree(key)
            throw TLSError("X509_new failed")
        }
        do throws(TLSError) {
            try Self.fill(certificate, library: library, subject: name, serial: 1, publicKey: key, validSeconds: validSeconds)
            _ = library.x509SetIssuerName(certificate, library.x509GetSubjectName(certificate))
            try Self.add(
                [
                    (LibCrypto.nidBasicConstraints, "critical,CA:TRUE,pathlen:0"), (LibCrypto.nidKeyUsage, "critical,keyCertSign,cRLSign"),
                    (LibCrypto.nidSubjectKeyIdentifier, "hash"),
                ], to: certificate, issuer: certificate, library: library)
            guard library.x509Sign(certificate, key, library.evpSHA256()) > 0 else { throw TLSError("signing the CA certificate failed") }
            caPEM = try Self.pem(library) { bio in library.pemWriteBioX509(bio, certificate) }
        } catch {
            library.x509Free(certificate)
            library.pkeyFree(key)
            throw error
        }
        caKey = key
        caCertificate = certificate
    }

    deinit {
        library.x509Free(caCertificate)
        library.pkeyFree(caKey)
    }

    func issue(_ hostname: String) throws(TLSError) -> TLSIdentity {
        guard ProxyDestination.parse(authority: hostname, defaultPort: 443)?.host == hostname else {
            throw TLSError("cannot issue a certificate for \(hostname): not a host name")
        }
        let key = try Self.newKey(library)
        defer { library.pkeyFree(key) }
        guard let certificate = library.x509New() else { throw TLSError("X509_new failed") }
        defer { library.x509Free(certificate) }
        serial += 1
        try Self.fill(certificate, library: library, subject: hostname, serial: serial, publicKey: key, validSeconds: validSeconds)
        _ = library.x509SetIssuerName(certificate, library.x509GetSubjectName(caCertificate))
        let isAddress = hostname.allSatisfy { $0.isNumber || $0 == "." } || hostname.contains(":")
        try Self.add(
            [
                (LibCrypto.nidBasicConstraints, "critical,CA:FALSE"), (LibCrypto.nidKeyUsage, "critical,digitalSignature"),
                (LibCrypto.nidExtKeyUsage, "serverAuth"), (LibCrypto.nidSubjectAltName, isAddress ? "IP:\(hostname)" : "DNS:\(hostname)"),
                (LibCrypto.nidSubjectKeyIdentifier, "hash"), (LibCrypto.nidAuthorityKeyIdentifier, "keyid:always"),
            ], to: certificate, issuer: caCertificate, library: library)
        guard library.x509Sign(certificate, caKey, library.evpSHA256()) > 0 else { throw TLSError("signing the certificate for \(hostname) failed") }
        let leafPEM = try Self.pem(library) { bio in library.pemWriteBioX509(bio, certificate) }
        let keyPEM = try Self.pem(library) { bio in library.pemWriteBioPrivateKey(bio, key, nil, nil, 0, nil, nil) }
        return TLSIdentity(certificateChainPEM: leafPEM + caPEM, privateKeyPEM: keyPEM, caCertificatePEM: caPEM)
    }

    private static func newKey(_ library: LibCrypto) throws(TLSError) -> OpaquePointer {
        guard let context = library.pkeyCtxNewFromName(nil, "EC", nil) else { throw TLSError("EVP_PKEY_CTX_new_from_name(EC) failed") }
        defer { library.pkeyCtxFree(context) }
        var key: OpaquePointer?
        guard library.pkeyKeygenInit(context) > 0, library.pkeyCtxSetGroupName(context, "P-256") > 0, library.pkeyGenerate(context, &key) > 0,
            let key
        else { throw TLSError("generating a P-256 key failed") }
        return key
    }

    private static func fill(
        _ certificate: OpaquePointer, library: LibCrypto, subject: String, serial: Int, publicKey: OpaquePointer, validSeconds: Int
    ) throws(TLSError) {
        // Version 3 is encoded as 2. Starting an hour back tolerates a client clock a little behind.
        guard library.x509SetVersion(certificate, 2) == 1, library.asn1IntegerSet(library.x509GetSerialNumber(certificate), serial) == 1,
            library.x509GmtimeAdj(library.x509GetmNotBefore(certificate), -3600) != nil,
            library.x509GmtimeAdj(library.x509GetmNotAfter(certificate), validSeconds) != nil, library.x509SetPubkey(certificate, publicKey) == 1
        else { throw TLSError("filling in the certificate for \(subject) failed") }
        let name = library.x509GetSubjectName(certificate)
        let common = Array(subject.utf8.prefix(64))
        let organization = Array("Sync Verifier TEST-ONLY".utf8)
        guard library.x509NameAddEntryByTxt(name, "CN", LibCrypto.mbstringASC, common, Int32(common.count), -1, 0) == 1,
            library.x509NameAddEntryByTxt(name, "O", LibCrypto.mbstringASC, organization, Int32(organization.count), -1, 0) == 1
        else { throw TLSError("setting the subject \(subject) failed") }
    }

    private static func add(_ extensions: [(Int32, String)], to certificate: OpaquePointer, issuer: OpaquePointer, library: LibCrypto) throws(TLSError) {
        let context = UnsafeMutableRawPointer.allocate(byteCount: LibCrypto.x509v3ContextBytes, alignment: 16)
        defer { context.deallocate() }
        context.initializeMemory(as: UInt8.self, repeating: 0, count: LibCrypto.x509v3ContextBytes)
        library.x509v3SetCtx(context, issuer, certificate, nil, nil, 0)
        for (nid, value) in extensions {
            guard let ext = library.x509v3ExtConfNID(nil, context, nid, value) else { throw TLSError("making the extension \(value) failed") }
            defer { library.x509ExtensionFree(ext) }
            guard library.x509AddExt(certificate, ext, -1) == 1 else { throw TLSError("adding the extension \(value) failed") }
        }
    }

    private static func pem(_ library: LibCrypto, _ write: (OpaquePointer?) -> Int32) throws(TLSError) -> String {
        guard let bio = library.bioNew(library.bioSMem()) else { throw TLSError("BIO_new failed") }
        defer { _ = library.bioFree(bio) }
        guard write(bio) == 1 else { throw TLSError("writing PEM failed") }
        var pointer: UnsafeMutableRawPointer?
        let length = library.bioCtrl(bio, LibCrypto.bioCtrlInfo, 0, &pointer)
        guard length > 0, let pointer else { throw TLSError("reading PEM from memory failed") }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
}
