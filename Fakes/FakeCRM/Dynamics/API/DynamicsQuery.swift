import FakeKit
import Foundation
import HTTP

/// `GET /accounts?…`: the rows of one table that match `$filter`, ordered by
/// `$orderby`, cut to `$top`, with `$select`'s columns, `@odata.count` for
/// `$count=true`, and pages of `Prefer: odata.maxpagesize` (5,000 at most
/// and by default) linked by an absolute `@odata.nextLink`.
struct DynamicsQuery {
    let store: RecordStore
    let object: ObjectDefinition
    let request: DynamicsRequest

    static let maxPageSize = 5000
    static let served: Set<String> = ["$select", "$filter", "$orderby", "$top", "$count", "$skiptoken"]

    static func unsupported(_ option: String) -> DynamicsError {
        .odata("The query option '\(option)' is not served by Sync Verifier's simulated Dataverse yet.", status: .notImplemented)
    }

    func response() throws(DynamicsError) -> HTTPResponse {
        let object = self.object
        let options = try request.queryOptions()
        for name in options.keys where name.hasPrefix("$") && !Self.served.contains(name) {
            if ["$expand", "$apply", "$search", "$compute"].contains(name) { throw Self.unsupported(name) }
            if name == "$skip" { throw .odata("The query parameter $skip is not supported") }
            throw .odata("The query parameter '\(name)' is not supported.")
        }
        let select = try Self.select(options["$select"], object: object)
        let filter = try options["$filter"].map { text throws(DynamicsError) in try Self.filter(text, object: object) }
        let order = try Self.orderBy(options["$orderby"], object: object)
        var top: Int?
        if let text = options["$top"] {
            guard let value = Int(text), value >= 0 else { throw .odata("Invalid value '\(text)' for $top query option found. The $top query option requires a non-negative integer value.") }
            guard value <= Self.maxPageSize else { throw DynamicsError(.badRequest, "0x80048306", "The value of $top cannot exceed 5000.") }
            top = value
        }
        let count: Bool
        switch options["$count"]?.lowercased() {
        case nil, "false": count = false
        case "true": count = true
        case let other?: throw .odata("'\(other)' is not a valid count option.")
        }
        let prefer = request.preferences
        var pageSize = Self.maxPageSize
        if let text = prefer["odata.maxpagesize"] {
            guard let size = Int(text), size > 0 else { throw .odata("The 'odata.maxpagesize' preference must be a positive integer.") }
            pageSize = min(size, Self.maxPageSize)
        }
        let page = try Self.pageNumber(options["$skiptoken"])

        var rows = store.records(of: object.name).filter { record in
            filter?.matches { DynamicsRecordView.value($0, of: record, in: object) } ?? true
        }
        rows.sort { a, b in
            for (name, descending) in order {
                let o = ODataFilter.order(DynamicsRecordView.value(name, of: a, in: object), DynamicsRecordView.value(name, of: b, in: object))
                    ?? Self.nullOrder(DynamicsRecordView.value(name, of: a, in: object), DynamicsRecordView.value(name, of: b, in: object))
                if o != 0 { return descending ? o > 0 : o < 0 }
            }
            return a.createdAt == b.createdAt ? a.id < b.id : a.createdAt < b.createdAt
        }
        let total = rows.count
        if let top { rows = Array(rows.prefix(top)) }
        // $top takes precedence over paging, as Dataverse's does.
        let size = top == nil ? pageSize : max(rows.count, 1)
        let start = (page - 1) * size
        let slice = start < rows.count ? Array(rows[start..<min(rows.count, start + size)]) : []
        let hasMore = start + size < rows.count

        let view = DynamicsRecordView(store: store, object: object, annotations: request.annotations)
        let columns = view.columns(select: select)
        let set = DynamicsSchema.entitySetName(object)
        var pairs: [(String, OrderedJSON)] = [
            ("@odata.context", .value(.string(request.serviceRoot + "/$metadata#" + set + (select.map { "(" + $0.joined(separator: ",") + ")" } ?? ""))))
        ]
        if count { pairs.append(("@odata.count", .value(.int(min(total, Self.maxPageSize))))) }
        pairs.append(("value", .array(slice.map { view.render($0, columns: columns) })))
        if hasMore { pairs.append(("@odata.nextLink", .value(.string(nextLink(page: page + 1))))) }
        var response = DynamicsAPI.json(.object(pairs))
        var applied: [String] = []
        if prefer["odata.maxpagesize"] != nil { applied.append("odata.maxpagesize=\(pageSize)") }
        if !request.annotations.isEmpty { applied.append("odata.include-annotations=\"\(request.annotations.patterns.joined(separator: ","))\"") }
        if !applied.isEmpty { response.headers["Preference-Applied"] = applied.joined(separator: ",") }
        return response
    }

    /// The same query with the paging cookie of `page`, absolute as Dataverse's.
    private func nextLink(page: Int) -> String {
        var items = request.http.queryItems.filter { $0.name != "$skiptoken" }
        items.append((name: "$skiptoken", value: "<cookie pagenumber=\"\(page)\" istracking=\"False\" />"))
        let query = items.map { Self.encode($0.name) + "=" + Self.encode($0.value) }.joined(separator: "&")
        return request.serviceRoot + "/" + DynamicsSchema.entitySetName(object) + "?" + query
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~$',()")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func pageNumber(_ token: String?) throws(DynamicsError) -> Int {
        guard let token else { return 1 }
        guard let range = token.range(of: "pagenumber=\""), let end = token[range.upperBound...].firstIndex(of: "\""),
            let page = Int(token[range.upperBound..<end]), page >= 1
        else { throw .odata("The skip token '\(token)' is not valid.") }
        return page
    }

    private static func nullOrder(_ a: JSONValue, _ b: JSONValue) -> Int {
        // Nulls sort first ascending, as SQL Server's collation puts them.
        switch (a == .null, b == .null) {
        case (true, false): -1
        case (false, true): 1
        default: 0
        }
    }

    // MARK: options

    static func typeName(_ object: ObjectDefinition) -> String { "Microsoft.Dynamics.CRM.\(object.name)" }

    static func propertyType(_ name: String, in object: ObjectDefinition) -> ODataType? {
        DynamicsSchema.field(forProperty: name, in: object).map(DynamicsSchema.edmType)
    }

    static func select(_ text: String?, object: ObjectDefinition) throws(DynamicsError) -> [String]? {
        guard let text else { return nil }
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in names where name != "*" && propertyType(name, in: object) == nil {
            throw .odata("Could not find a property named '\(name)' on type '\(typeName(object))'.")
        }
        return names.contains("*") ? nil : names
    }

    static func filter(_ text: String, object: ObjectDefinition) throws(DynamicsError) -> ODataFilter {
        var parser = ODataFilterParser(typeName: typeName(object)) { propertyType($0, in: object) }
        do {
            return try parser.parse(text)
        } catch {
            throw .odata(error.message)
        }
    }

    /// `name desc, createdon`: the columns and whether each sorts descending.
    static func orderBy(_ text: String?, object: ObjectDefinition) throws(DynamicsError) -> [(String, Bool)] {
        guard let text else { return [] }
        var order: [(String, Bool)] = []
        for clause in text.split(separator: ",") {
            let words = clause.split(separator: " ").map(String.init)
            guard let name = words.first, words.count <= 2 else { throw .odata("Syntax error at position \(clause.count) in '\(text)'.") }
            guard propertyType(name, in: object) != nil else { throw .odata("Could not find a property named '\(name)' on type '\(typeName(object))'.") }
            let direction = words.count == 2 ? words[1].lowercased() : "asc"
            guard direction == "asc" || direction == "desc" else { throw .odata("Syntax error at position \(clause.count) in '\(text)'.") }
            order.append((name, direction == "desc"))
        }
        return order
    }
}
