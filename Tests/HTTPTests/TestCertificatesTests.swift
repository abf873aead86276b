import Foundation
import Testing

@testable import HTTP

/// The compiled-in TEST-ONLY identity must be the committed PEM files, so
/// regenerating one without the other cannot go unnoticed.
@Suite(.tags(.inMemory)) struct TestCertificatesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fakes/TestCertificates").standardized

    static func pem(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func compiledCopyMatchesTheFiles() throws {
        #expect(TestOnlyCertificates.caCertificatePEM == (try Self.pem("ca.pem")))
        #expect(TestOnlyCertificates.serverCertificatePEM == (try Self.pem("server.pem")))
        #expect(TestOnlyCertificates.serverPrivateKeyPEM == (try Self.pem("server.key")))
    }

    @Test func writtenFilesLoadIntoOpenSSL() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sv-cert-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try TLSIdentity.testOnly.write(to: directory)
        _ = try TLSContext(certificateChainPath: files.certificateChainPath, privateKeyPath: files.privateKeyPath)
        let mode = try FileManager.default.attributesOfItem(atPath: files.privateKeyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aMissingKeyIsAClearError() throws {
        #expect(throws: TLSError.self) {
            try TLSContext(certificateChainPath: "/nonexistent/chain.pem", privateKeyPath: "/nonexistent/key.pem")
        }
    }
}
