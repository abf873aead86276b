import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a run writes its evidence and reports: a new folder of its own, or
/// the `--out` folder the user named. Two runs never share a folder.
public enum RunFolder {
    /// Why a folder cannot be used, in words for the console (exit 2).
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// A new folder `<parent>/<yyyyMMdd-HHmmss>-<4 hex digits>`, made with
    /// mkdir(2), which fails when the name exists: on a clash (a run started
    /// in the same second drew the same suffix) it draws again.
    public static func allocate(under parent: URL, now: Date = Date()) throws(Refusal) -> URL {
        try makeParents(parent)
        let stamp = timestamp(now)
        for _ in 0..<100 {
            let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
            let folder = parent.appendingPathComponent(
                "\(stamp)-\(String(repeating: "0", count: 4 - suffix.count))\(suffix)")
            if mkdir(folder.path, 0o755) == 0 { return folder }
            guard errno == EEXIST else {
                throw Refusal(description: "cannot create \(folder.path): \(String(cString: strerror(errno)))")
            }
        }
        throw Refusal(description: "cannot find a free folder name under \(parent.path)")
    }

    /// The `--out` folder: made if missing; an existing one must be empty,
    /// unless `force`, which empties it first (old scenario folders would
    /// otherwise sit beside the new report).
    public static func prepare(_ folder: URL, force: Bool) throws(Refusal) -> URL {
        let path = folder.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            try makeParents(folder)
            return folder
        }
        guard isDirectory.boolValue else { throw Refusal(description: "--out \(path) exists and is not a folder") }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw Refusal(description: "--out \(path): cannot read the folder (\(describe(error)))")
        }
        guard !entries.isEmpty else { return folder }
        guard force else {
            throw Refusal(
                description:
                    "--out \(path) is not empty (an earlier run?); choose another folder, or add --force to empty it first"
            )
        }
        let resolved = folder.standardizedFileURL.resolvingSymlinksInPath().path
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).resolvingSymlinksInPath().path
        let home = FileManager.default.homeDirectoryForCurrentUser.resolvingSymlinksInPath().path
        if resolved == "/" || resolved == home || here == resolved || here.hasPrefix(resolved + "/") {
            throw Refusal(
                description:
                    "--out \(path) --force: refusing to empty \(resolved) (the root, your home or a folder holding the current one)"
            )
        }
        for entry in entries {
            do {
                try FileManager.default.removeItem(atPath: folder.appendingPathComponent(entry).path)
            } catch {
                throw Refusal(description: "--out \(path) --force: cannot remove \(entry) (\(describe(error)))")
            }
        }
        return folder
    }

    /// mkdir -p with errno's words, not a Foundation error domain.
    static func makeParents(_ folder: URL) throws(Refusal) {
        var path = ""
        for component in folder.standardizedFileURL.path.split(separator: "/", omittingEmptySubsequences: true) {
            path += "/" + component
            if mkdir(path, 0o755) == 0 || errno == EEXIST {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                    continue
                }
                throw Refusal(description: "cannot create \(folder.path): \(path) is not a folder")
            }
            throw Refusal(description: "cannot create \(folder.path): \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func describe(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }

    /// `yyyyMMdd-HHmmss` in UTC.
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d%02d%02d-%02d%02d%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour,
            parts.tm_min, parts.tm_sec)
    }
}
