import FakeKit
import Foundation

/// A SOQL query's rows as the bulk APIs return them: CSV columns named by
/// field path (`Owner.Name` for a parent's field), values as text, null as
/// an empty field. Parent-to-child subqueries cannot be flattened into CSV,
/// and Salesforce refuses them in bulk queries; so does this.
struct BulkQueryResult: Sendable {
    let columns: [String]
    let rows: [[String?]]

    enum Failure: Error {
        case soql(SOQLError)
        /// Salesforce's words for a subquery or an aggregate in a bulk query.
        case unsupported(String)
    }

    static func run(_ soql: String, api: SalesforceAPI, version: String, includeDeleted: Bool) -> Result<BulkQueryResult, Failure> {
        records(soql, api: api, version: version, includeDeleted: includeDeleted).flatMap(flatten)
    }

    /// The query's records as the REST API renders them (a JSON Bulk API 1.0 job returns these).
    static func records(_ soql: String, api: SalesforceAPI, version: String, includeDeleted: Bool) -> Result<[OrderedJSON], Failure> {
        let now = api.clock.now()
        let result: SOQLEngine.Result
        do {
            result = try api.store.read { snapshot throws(SOQLError) in
                try SOQLEngine.run(soql, reader: api.reader(snapshot, version: version), includeDeleted: includeDeleted, now: now)
            }
        } catch let error as SOQLError {
            return .failure(.soql(error))
        } catch {
            preconditionFailure("the query engine throws only SOQLError")
        }
        if result.isCount {
            return .failure(.unsupported("FeatureNotEnabled : Aggregate queries are not supported by Bulk API"))
        }
        return .success(result.rows)
    }

    /// Columns in the order the first rows show them. A parent that is null
    /// on one row and present on another still gets its field columns.
    static func flatten(_ rows: [OrderedJSON]) -> Result<BulkQueryResult, Failure> {
        var columns: [String] = []
        var known = Set<String>()
        var flattened: [[String: String]] = []
        flattened.reserveCapacity(rows.count)
        for row in rows {
            var values: [String: String] = [:]
            var paths: [String] = []
            guard flattenObject(row, prefix: "", into: &values, paths: &paths) else {
                return .failure(.unsupported("FeatureNotEnabled : Aggregate Relationship is not supported in Bulk Query with CSV content type"))
            }
            for path in paths where !known.contains(path) {
                known.insert(path)
                columns.append(path)
            }
            flattened.append(values)
        }
        // A parent seen only as null keeps its own column; one seen with fields drops the bare column.
        let parents = Set(columns.compactMap { $0.contains(".") ? String($0[..<$0.lastIndex(of: ".")!]) : nil })
        columns.removeAll { parents.contains($0) }
        return .success(BulkQueryResult(columns: columns, rows: flattened.map { values in columns.map { values[$0] } }))
    }

    /// False when the row holds a subquery's records (an array).
    private static func flattenObject(_ json: OrderedJSON, prefix: String, into values: inout [String: String], paths: inout [String]) -> Bool {
        guard case .object(let pairs) = json else { return true }
        for (key, value) in pairs where key != "attributes" {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            switch value {
            case .object:
                guard flattenObject(value, prefix: path, into: &values, paths: &paths) else { return false }
            case .array:
                return false
            case .value(let plain):
                if case .object = plain { return false }
                paths.append(path)
                if let text = text(plain) { values[path] = text }
            }
        }
        return true
    }

    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .null: nil
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): d == d.rounded() && abs(d) < 1e15 ? "\(Int(d)).0" : String(d)
        case .string(let s): s
        case .array(let items): items.compactMap(text).joined(separator: ";")
        case .object: nil
        }
    }

    func csv(rows range: Range<Int>, dialect: CSVDialect) -> Data {
        CSVWriter.document(header: columns, rows: Array(rows[range]), dialect: dialect)
    }
}
