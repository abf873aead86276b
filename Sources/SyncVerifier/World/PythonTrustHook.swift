import Foundation

/// Makes a Python connector whose HTTP stack trusts only certifi's bundle
/// trust the run's CA file, without changing the connector: a
/// `sitecustomize.py` (which Python imports at start-up from any folder on
/// `PYTHONPATH`) that points `certifi.where()` at the run's bundle before
/// `requests`, `httpx` or `urllib3` read it. `requests`' `Session.send()` on a
/// prepared request, as Singer SDK and Airbyte CDK taps send, ignores
/// `REQUESTS_CA_BUNDLE` and reads certifi's path once at import: this is
/// what reaches it.
public enum PythonTrustHook {
    static func source(caBundlePath: String) -> String {
        let literal = caBundlePath.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return """
            # Written by Sync Verifier for one run: trust the run's CA file in
            # stacks that read only certifi's bundle. Nothing else is changed.
            _SV_CA_BUNDLE = "\(literal)"
            try:
                import certifi
                import certifi.core

                def _sv_where():
                    return _SV_CA_BUNDLE

                certifi.where = _sv_where
                certifi.core.where = _sv_where
            except ImportError:
                pass

            """
    }

    /// Writes the hook into `folder` and returns `PYTHONPATH` with the folder
    /// first and the inherited value after it.
    public static func install(in folder: URL, caBundlePath: String, inherited: String?) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(source(caBundlePath: caBundlePath).utf8).write(to: folder.appendingPathComponent("sitecustomize.py"))
        guard let inherited, !inherited.isEmpty else { return folder.path }
        return folder.path + ":" + inherited
    }
}
