import Foundation
import Testing

@testable import HTTP

/// Leaf certificates minted at run time, checked with the `openssl` command
/// line: the hostname in subjectAltName, a chain to the run's CA.
@Suite(.tags(.endToEnd)) struct CertificateAuthorityTests {
    @Test func leafNamesTheHostAndChainsToTheRunCA() throws {
        try #require(commandExists("openssl"), "the openssl command checks the certificates")
        let authority = try CertificateAuthority()
        let identity = try authority.identity(for: "login.salesforce.com")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sv-ca-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try identity.write(to: directory)
        let leaf = directory.appendingPathComponent("leaf.pem").path
        let leafPEM = String(identity.certificateChainPEM[..<identity.certificateChainPEM.range(of: "-----END CERTIFICATE-----")!.upperBound])
        try Data(leafPEM.utf8).write(to: URL(fileURLWithPath: leaf))

        let san = try runProcess(["openssl", "x509", "-in", leaf, "-noout", "-ext", "subjectAltName,basicConstraints,extendedKeyUsage"])
        #expect(san.status == 0, "\(san.error)")
        #expect(san.output.contains("DNS:login.salesforce.com"))
        #expect(san.output.contains("CA:FALSE"))
        #expect(san.output.contains("TLS Web Server Authentication"))
        let verify = try runProcess(["openssl", "verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", files.caBundlePath, leaf])
        #expect(verify.status == 0, "\(verify.output) \(verify.error)")
        #expect(verify.output.hasSuffix("OK\n"))
        let ca = try runProcess(["openssl", "x509", "-in", files.caBundlePath, "-noout", "-ext", "basicConstraints,keyUsage"])
        #expect(ca.output.contains("CA:TRUE") && ca.output.contains("Certificate Sign"))

        // Another run's CA does not vouch for this leaf.
        let stranger = directory.appendingPathComponent("stranger.pem").path
        try Data(try CertificateAuthority().certificatePEM.utf8).write(to: URL(fileURLWithPath: stranger))
        #expect(try runProcess(["openssl", "verify", "-CAfile", stranger, leaf]).status != 0)
        // The key matches the certificate: OpenSSL loads the pair.
        _ = try TLSContext(certificateChainPath: files.certificateChainPath, privateKeyPath: files.privateKeyPath)
    }

    @Test func leavesAreCachedPerHostnameAndOnlyHostnamesAreIssued() throws {
        let authority = try CertificateAuthority()
        let first = try authority.identity(for: "acme.my.salesforce.com")
        #expect(try authority.identity(for: "ACME.my.salesforce.com").certificateChainPEM == first.certificateChainPEM)
        #expect(try authority.identity(for: "test.salesforce.com").certificateChainPEM != first.certificateChainPEM)
        #expect(throws: TLSError.self) { try authority.identity(for: "bad host/") }
    }
}
