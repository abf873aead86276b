import FakeKit
import Foundation

/// Turns rows of ingest CSV into store writes and each row's outcome. Both
/// bulk APIs read rows the same way: the header names fields (case does not
/// matter), an empty value leaves the field alone, `#N/A` clears it, and
/// `Id` names the record for update and delete. Rows are independent: one
/// row's failure does not undo another's (bulk loads are never all or none).
struct BulkRowWriter {
    let api: SalesforceAPI
    let object: ObjectDefinition
    let operation: BulkOperation
    let externalIDField: FieldDefinition?
    let actor: String
    let channel: String

    /// One outcome per CSV data row, in row order. `header` is the first CSV row.
    func write(header: [String], rows: [[String]]) -> [BulkRowOutcome] {
        write(records: rows.map { row in
            guard row.count == header.count else { return .failure(SalesforceError(.badRequest, "INVALID_FIELD", "Row has \(row.count) values but the header names \(header.count) fields")) }
            var fields: [String: JSONValue] = [:]
            for (name, text) in zip(header, row) where !text.isEmpty {
                fields[name] = text == "#N/A" ? .null : .string(text)
            }
            return .success(fields)
        })
    }

    /// One outcome per record (field name to value; null clears a field), in order.
    func write(records: [Result<[String: JSONValue], SalesforceError>]) -> [BulkRowOutcome] {
        let prepared = records.map { record in record.flatMap(prepare) }
        let operations = prepared.compactMap { try? $0.get().0 }
        let results = api.store.batch(operations, allOrNone: false, actor: actor, channel: channel)
        var next = results.makeIterator()
        return prepared.map { item in
            switch item {
            case .failure(let error):
                return .failed(id: nil, error: error)
            case .success(let (operation, created)):
                switch next.next() {
                case .success(let record)?: return .succeeded(id: record.id, created: created)
                case .failure(let error)?:
                    let id: String? = if case .update(let id, _) = operation { id } else if case .delete(let id) = operation { id } else { nil }
                    return .failed(id: id, error: SalesforceError(error, schema: api.store.schema, object: object.name))
                case nil: preconditionFailure("the store answers every operation of a batch")
                }
            }
        }
    }

    /// The store write for one record and whether it creates a record.
    private func prepare(_ given: [String: JSONValue]) -> Result<(BatchOperation, Bool), SalesforceError> {
        var fields: [String: JSONValue] = [:]
        var id: String?
        for (name, value) in given {
            if name.caseInsensitiveEquals("Id") {
                id = value.stringValue.flatMap { $0.isEmpty ? nil : $0 }
                continue
            }
            guard let field = object.field(name) else {
                return .failure(SalesforceError(.badRequest, "INVALID_FIELD", "\(name): bad field names on insert/update call: \(name)"))
            }
            fields[field.name] = value
        }
        do {
            switch operation {
            case .insert:
                if id != nil {
                    throw SalesforceError(.badRequest, "INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call", fields: ["Id"])
                }
                return .success((.create(object: object.name, fields: try api.fieldValues(fields, object: object)), true))
            case .update:
                return .success((.update(id: try recordID(id), fields: try api.fieldValues(fields, object: object)), false))
            case .delete, .hardDelete:
                return .success((.delete(id: try recordID(id)), false))
            case .upsert:
                guard let key = externalIDField else { preconditionFailure("an upsert job names its external id field") }
                if key.type == .id {
                    guard let id else { return .success((.create(object: object.name, fields: try api.fieldValues(fields, object: object)), true)) }
                    return .success((.update(id: try recordID(id), fields: try api.fieldValues(fields, object: object)), false))
                }
                guard let value = fields[key.name]?.stringValue else {
                    throw SalesforceError(.badRequest, "MISSING_ARGUMENT", "\(key.name) not specified")
                }
                let found = api.matches(object, key, value)
                if found.count > 1 {
                    throw SalesforceError(.badRequest, "DUPLICATE_EXTERNAL_ID", "\(key.name): more than one record found for external id field: \(found.map(\.id))")
                }
                if let existing = found.first {
                    fields.removeValue(forKey: key.name)
                    return .success((.update(id: existing.id, fields: try api.fieldValues(fields, object: object)), false))
                }
                return .success((.create(object: object.name, fields: try api.fieldValues(fields, object: object)), true))
            case .query, .queryAll:
                preconditionFailure("query jobs write nothing")
            }
        } catch let error as SalesforceError {
            return .failure(error)
        } catch {
            return .failure(SalesforceError(.badRequest, "UNKNOWN_EXCEPTION", "\(error)"))
        }
    }

    private func recordID(_ text: String?) throws -> String {
        guard let text else { throw SalesforceError(.badRequest, "MISSING_ARGUMENT", "Id not specified in an update call") }
        guard let id = SalesforceID.canonical(text), SalesforceID.keyPrefix(of: id) == object.keyPrefix else {
            throw SalesforceError(.badRequest, "MALFORMED_ID", "Id: id value of incorrect type: \(text)", fields: ["Id"])
        }
        return id
    }
}
