import Foundation

/// A certificate chain and key for a TLS server, plus the CA that clients
/// must trust to accept it.
public struct TLSIdentity: Sendable {
    public var certificateChainPEM: String
    public var privateKeyPEM: String
    public var caCertificatePEM: String

    public init(certificateChainPEM: String, privateKeyPEM: String, caCertificatePEM: String) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.caCertificatePEM = caCertificatePEM
    }

    /// The committed TEST-ONLY identity for 127.0.0.1, ::1 and localhost.
    public static let testOnly = TLSIdentity(
        certificateChainPEM: TestOnlyCertificates.serverCertificatePEM,
        privateKeyPEM: TestOnlyCertificates.serverPrivateKeyPEM,
        caCertificatePEM: TestOnlyCertificates.caCertificatePEM)

    /// Where `write(to:)` put the files.
    public struct Files: Sendable {
        public let caBundlePath: String
        public let certificateChainPath: String
        public let privateKeyPath: String
    }

    /// Writes the three PEM files into `directory` (created if needed), the
    /// key readable by the owner only.
    public func write(to directory: URL) throws -> Files {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let ca = directory.appendingPathComponent("ca.pem")
        let chain = directory.appendingPathComponent("server-chain.pem")
        let key = directory.appendingPathComponent("server-key.pem")
        try Data((caCertificatePEM + "\n").utf8).write(to: ca)
        try Data((certificateChainPEM + "\n").utf8).write(to: chain)
        try Data((privateKeyPEM + "\n").utf8).write(to: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
        return Files(caBundlePath: ca.path, certificateChainPath: chain.path, privateKeyPath: key.path)
    }
}
