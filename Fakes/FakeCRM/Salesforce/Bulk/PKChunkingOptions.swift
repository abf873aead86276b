import Foundation

/// `Sforce-Enable-PKChunking: true; chunkSize=50000; parent=Account;
/// startRow=001…`, as Bulk API 1.0 reads it: a query job whose batch is
/// split into batches of `chunkSize` records by record id. Pure, so it can be
/// fuzzed alone.
struct PKChunkingOptions: Sendable, Equatable {
    static let defaultChunkSize = 100_000
    static let maximumChunkSize = 250_000

    var chunkSize = defaultChunkSize
    var parent: String?
    var startRow: String?

    /// nil for `false` (or no header); an error message for a value Salesforce refuses.
    static func parse(_ header: String?) -> Result<PKChunkingOptions?, Bulk1Error> {
        guard let header else { return .success(nil) }
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first?.lowercased() else { return .success(nil) }
        var options = PKChunkingOptions()
        var rest = parts.dropFirst()
        switch first {
        case "false": return .success(nil)
        case "true": break
        default:
            // `chunkSize=…` alone also turns chunking on.
            guard first.contains("=") else { return .failure(Bulk1Error("InvalidJob", "Invalid value for Sforce-Enable-PKChunking: \(header)")) }
            rest = parts[...]
        }
        for part in rest where !part.isEmpty {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return .failure(Bulk1Error("InvalidJob", "Invalid PK chunking option: \(part)")) }
            switch pair[0].lowercased() {
            case "chunksize":
                guard let size = Int(pair[1]), size > 0, size <= maximumChunkSize else {
                    return .failure(Bulk1Error("InvalidJob", "Invalid chunkSize \(pair[1]): it must be between 1 and \(maximumChunkSize)"))
                }
                options.chunkSize = size
            case "parent": options.parent = pair[1]
            case "startrow": options.startRow = pair[1]
            default: return .failure(Bulk1Error("InvalidJob", "Unknown PK chunking option: \(pair[0])"))
            }
        }
        return .success(options)
    }
}

extension PKChunkingOptions {
    /// The id ranges a query over `ids` (any order) is split into: each
    /// holds `chunkSize` ids, the last what is left; `startRow` skips ids before it.
    func ranges(of ids: [String]) -> [(first: String, last: String)] {
        var sorted = ids.sorted()
        if let startRow { sorted.removeAll { $0 < startRow } }
        return stride(from: 0, to: sorted.count, by: chunkSize).map { start in
            (sorted[start], sorted[min(sorted.count, start + chunkSize) - 1])
        }
    }
}
