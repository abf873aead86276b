/// `${NAME}` in a manifest's `files` and `command`: a contract variable
/// (`${SV_CRM_CLIENT_ID}`), or `${file:config.json}`, the path of a file the
/// manifest declares. `$${` stands for a literal `${`. Pure, so it can be
/// fuzzed alone; an unknown name is an error, never left in place.
enum ManifestTemplate {
    enum Reference: Hashable {
        case variable(String)
        case file(String)
    }

    enum Failure: Error, Equatable, CustomStringConvertible {
        case unterminated(String)
        case unknownVariable(String)
        case unknownFile(String)

        var description: String {
            switch self {
            case .unterminated(let text): "'${' is never closed in \(text)"
            case .unknownVariable(let name): "unknown template variable ${\(name)}"
            case .unknownFile(let name): "${file:\(name)} names no file in files"
            }
        }
    }

    /// The references in `text`, in order.
    static func references(in text: String) throws(Failure) -> [Reference] {
        var found: [Reference] = []
        _ = try substitute(text) { reference throws(Failure) in
            found.append(reference)
            return ""
        }
        return found
    }

    /// `text` with each reference replaced by `value(reference)`.
    static func substitute(_ text: String, _ value: (Reference) throws(Failure) -> String) throws(Failure) -> String {
        var out = ""
        var rest = Substring(text)
        while let start = rest.firstIndex(of: "$") {
            out += rest[..<start]
            let afterDollar = rest[rest.index(after: start)...]
            if afterDollar.hasPrefix("${") {
                out += "${"
                rest = afterDollar.dropFirst(2)
                continue
            }
            guard afterDollar.hasPrefix("{") else {
                out += "$"
                rest = afterDollar
                continue
            }
            guard let close = afterDollar.firstIndex(of: "}") else { throw .unterminated(text) }
            let name = String(afterDollar[afterDollar.index(after: afterDollar.startIndex)..<close])
            out += try value(name.hasPrefix("file:") ? .file(String(name.dropFirst(5))) : .variable(name))
            rest = afterDollar[afterDollar.index(after: close)...]
        }
        return out + rest
    }

    /// Checks every reference against the known variables and declared files.
    static func check(_ text: String, variables: Set<String>, files: Set<String>) throws(Failure) {
        for reference in try references(in: text) {
            switch reference {
            case .variable(let name) where !variables.contains(name): throw .unknownVariable(name)
            case .file(let name) where !files.contains(name): throw .unknownFile(name)
            default: continue
            }
        }
    }
}
