import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Runs this test binary again, filtered to `fetchForParent`, to make one
/// URLSession request in a process whose view of the system CA bundle can be
/// replaced (see `LiveServerTests.urlSessionOverHTTPSTrustingTheTestCA`).
@Suite(.tags(.socket)) struct URLSessionChildProcess {
    static let urlVariable = "SV_URLSESSION_CHILD_URL"
    /// The bundle libcurl (Debian's, which FoundationNetworking links) reads.
    static let systemBundle = "/etc/ssl/certs/ca-certificates.crt"

    /// A private mount namespace can be made here (root, or unprivileged user namespaces).
    static let isAvailable: Bool = {
        guard FileManager.default.fileExists(atPath: systemBundle), commandExists("unshare") else { return false }
        return (try? runProcess(["unshare", "-m", "true"]).status) == 0
    }()

    /// The child's output: a `URLSESSION-RESULT status body` or `URLSESSION-ERROR …` line.
    static func run(url: String, caBundle: String?) throws -> String {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let child = ["\"$SV_EXE\"", "--testing-library", "swift-testing", "--filter", "fetchForParent"].joined(separator: " ")
        let command = caBundle == nil ? "exec \(child)" : "mount --bind \"$SV_CA\" \(systemBundle) && exec \(child)"
        let result = try runProcess(
            ["unshare", "-m", "sh", "-c", command],
            environment: [urlVariable: url, "SV_EXE": executable, "SV_CA": caBundle ?? ""])
        return result.output + result.error
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment[urlVariable] != nil, "only as the child of a live-server test"))
    func fetchForParent() async throws {
        let url = try #require(ProcessInfo.processInfo.environment[Self.urlVariable].flatMap(URL.init(string:)))
        do {
            let (data, response) = try await URLSession.shared.data(from: url)
            let status = (response as? HTTPURLResponse)?.statusCode ?? -1
            print("URLSESSION-RESULT \(status) \(String(decoding: data, as: UTF8.self))")
        } catch {
            print("URLSESSION-ERROR \(error)")
        }
    }
}
