/// Folds record ids, API versions and numbers out of a path, so requests
/// group by route in the request log (`GET /services/data/:version/sobjects/Account/:id`).
public enum RouteFolding {
    public static func route(method: String, path: String) -> String {
        var out = method
        out.append(" ")
        var first = true
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            if !first { out.append("/") }
            first = false
            out.append(contentsOf: fold(segment))
        }
        return out
    }

    static func fold(_ segment: Substring) -> Substring {
        let bytes = segment.utf8
        guard !bytes.isEmpty else { return segment }
        var digits = 0
        var letters = 0
        var other = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): letters += 1
            default: other += 1
            }
        }
        if digits == bytes.count { return ":n" }
        // `v59.0`: an API version.
        if bytes.first == UInt8(ascii: "v"), letters == 1, digits > 0, other == 1, segment.contains(".") { return ":version" }
        // Salesforce ids (15 or 18 letters and digits), query locators (`01gxx…-2000`).
        if bytes.count >= 15, digits > 0, letters > 0, other <= 1 { return ":id" }
        // Prefixed ids such as `prt_12` (the PRM) or external-id values such as `ext_42`.
        if let underscore = segment.lastIndex(of: "_"), segment[segment.index(after: underscore)...].allSatisfy(\.isNumber),
            segment.index(after: underscore) != segment.endIndex
        {
            return ":id"
        }
        return segment
    }
}
