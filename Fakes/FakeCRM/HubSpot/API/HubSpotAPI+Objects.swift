import FakeKit
import Foundation
import HTTP

extension HubSpotAPI {
    /// `GET /crm/v3/objects/{type}`: records in id order, `limit` (at most 100) after the `after` cursor.
    func list(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, [scope(object, write: false)])
        let limit = min(100, max(1, Int(request.query("limit") ?? "") ?? 10))
        let archived = request.query("archived") == "true"
        let after = request.query("after").flatMap { Int($0) } ?? 0
        let associationTypes = try Self.list(request, "associations").map { name -> ObjectDefinition in
            guard let target = HubSpotObjectTypes.resolve(name, in: store.schema, portalID: portalID) else { throw HubSpotError.unknownObjectType(name) }
            return target
        }
        let view = recordView(object, request)
        return store.read { snapshot in
            let records = snapshot.records(of: object.name, includeDeleted: archived).filter { $0.isDeleted == archived }
            let page = Array(records.lazy.filter { (Int($0.id) ?? 0) >= after }.prefix(limit + 1))
            let shown = Array(page.prefix(limit))
            var pairs: [(String, OrderedJSON)] = [
                ("results", .array(shown.map { record in
                    view.json(record, associations: associationTypes.isEmpty ? nil : v3Associations(record, object, associationTypes, snapshot))
                }))
            ]
            if page.count > limit, let next = page.last {
                pairs.append(("paging", Self.paging(after: next.id, request: request)))
            }
            return Self.ordered(.object(pairs))
        }
    }

    static func paging(after: String, request: HTTPRequest) -> OrderedJSON {
        let host = request.headers["Host"] ?? "127.0.0.1"
        var items = request.queryItems.filter { $0.name != "after" }
        items.append((name: "after", value: after))
        let query = items.map { "\($0.name)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.value)" }.joined(separator: "&")
        let link = "\(request.connection.isSecure ? "https" : "http")://\(host)\(request.path)?\(query)"
        return .object([("next", .object([("after", .value(.string(after))), ("link", .value(.string(link)))]))])
    }

    func recordView(_ object: ObjectDefinition, _ request: HTTPRequest) -> HubSpotRecordView {
        let asked = Self.list(request, "properties")
        var view = HubSpotRecordView(object: object, properties: asked.isEmpty ? nil : asked)
        view.withHistory = Self.list(request, "propertiesWithHistory")
        view.isPerson = isPerson
        return view
    }

    /// The v3 `associations` block of a read: `{"companies":{"results":[{"id","type"}]}}`.
    func v3Associations(_ record: Record, _ object: ObjectDefinition, _ targets: [ObjectDefinition], _ snapshot: StoreSnapshot) -> OrderedJSON {
        var pairs: [(String, OrderedJSON)] = []
        for target in targets {
            let links = associations.links(from: record.id, fromObject: object.name, toObject: target.name) { snapshot.record(id: $0) != nil }
            guard !links.isEmpty else { continue }
            let singular: (String) -> String = { name in HubSpotObjectTypes.standard(named: name)?.singular ?? name }
            let results = links.flatMap { link in
                link.types.map { type in
                    OrderedJSON.object([("id", .value(.string(link.toID))), ("type", .value(.string(type.v3Name(singular: singular))))])
                }
            }
            pairs.append((target.name, .object([("results", .array(results))])))
        }
        return .object(pairs)
    }

    /// The record a path's `:id` names: by id, or by a unique property with `idProperty`.
    func findRecord(_ object: ObjectDefinition, id: String, idProperty: String?, includeDeleted: Bool = false) throws -> Record? {
        if let idProperty, !idProperty.caseInsensitiveEquals("hs_object_id") {
            guard let field = object.field(idProperty) else {
                throw HubSpotError.validation("Property \(idProperty) does not exist", context: ["propertyName": [idProperty]])
            }
            guard field.unique || field.externalId else {
                throw HubSpotError.validation("\(field.name) is not a unique identifier property", context: ["propertyName": [field.name]])
            }
            return store.records(of: object.name, where: field.name, equals: .string(id)).first
        }
        guard let record = store.record(id: id, includeDeleted: includeDeleted), record.object == object.name else { return nil }
        return record
    }

    /// `GET /crm/v3/objects/{type}/{id}`.
    func read(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, [scope(object, write: false)])
        let id = request.pathParameters["id"] ?? ""
        let archived = request.query("archived") == "true"
        guard let record = try findRecord(object, id: id, idProperty: request.query("idProperty"), includeDeleted: archived),
            record.isDeleted == archived
        else { throw HubSpotError.objectNotFound(id) }
        var view = recordView(object, request)
        if !view.withHistory.isEmpty { view.history = journalEntries(of: record.id) }
        let targets = Self.list(request, "associations").compactMap { HubSpotObjectTypes.resolve($0, in: store.schema, portalID: portalID) }
        let associationsJSON = targets.isEmpty ? nil : store.read { v3Associations(record, object, targets, $0) }
        return Self.ordered(view.json(record, associations: associationsJSON))
    }

    func journalEntries(of id: String) -> [JournalEntry] { store.journal.all.filter { $0.recordID == id } }

    /// `POST /crm/v3/objects/{type}`: `{"properties":{…},"associations":[…]}` → 201.
    func create(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, [scope(object, write: true)])
        let body = try jsonObject(request)
        let fields = try propertyInput(body["properties"] ?? .object([:]), object: object, onCreate: true)
        let links = try associationInputs(body["associations"], from: object)
        let actor = actor(request)
        let record: Record
        do {
            record = try store.create(object.name, fields, actor: actor, channel: "api")
        } catch {
            throw translate(error, object: object)
        }
        for link in links { associations.link(record.id, link.toID, type: link.type, actor: actor, channel: "api") }
        let view = HubSpotRecordView(object: object, properties: Array(fields.keys))
        return Self.ordered(view.json(record), status: .created)
    }

    /// `PATCH /crm/v3/objects/{type}/{id}`.
    func update(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, [scope(object, write: true)])
        let id = request.pathParameters["id"] ?? ""
        guard let record = try findRecord(object, id: id, idProperty: request.query("idProperty")) else { throw HubSpotError.objectNotFound(id) }
        let body = try jsonObject(request)
        let fields = try propertyInput(body["properties"] ?? .object([:]), object: object, onCreate: false)
        let updated: Record
        do {
            updated = try store.update(id: record.id, fields, actor: actor(request), channel: "api")
        } catch {
            throw translate(error, object: object)
        }
        return Self.ordered(HubSpotRecordView(object: object, properties: Array(fields.keys)).json(updated))
    }

    /// `DELETE /crm/v3/objects/{type}/{id}`: archives; `204` whether or not the record was there, as HubSpot answers.
    func archive(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, [scope(object, write: true)])
        let id = request.pathParameters["id"] ?? ""
        if let record = try findRecord(object, id: id, idProperty: nil) {
            _ = try? store.delete(id: record.id, actor: actor(request), channel: "api")
        }
        return HTTPResponse(status: .noContent)
    }

    // MARK: input

    /// A `properties` object checked against the object's properties, all
    /// problems reported at once as HubSpot lists them; values made ready for the store.
    func propertyInput(_ value: JSONValue, object: ObjectDefinition, onCreate: Bool) throws -> [String: JSONValue] {
        guard case .object(let properties) = value else { throw HubSpotError.invalidJSON("properties must be an object") }
        var fields: [String: JSONValue] = [:]
        var problems: [PropertyValueProblem] = []
        for (name, raw) in properties.sorted(by: { $0.key < $1.key }) {
            guard let field = object.field(name) else {
                problems.append(PropertyValueProblem(name: name, error: "PROPERTY_DOESNT_EXIST", message: "Property \"\(name)\" does not exist"))
                continue
            }
            guard onCreate ? field.createable : field.updateable else {
                problems.append(
                    PropertyValueProblem(name: field.name, error: "READ_ONLY_VALUE", message: "\"\(field.name)\" is a read only property; its value cannot be set."))
                continue
            }
            let prepared = HubSpotValues.input(raw, for: field)
            do {
                fields[field.name] = try FieldValueCoercion.coerce(prepared, for: field)
            } catch {
                problems.append(problem(error, field: field, value: raw))
            }
        }
        guard problems.isEmpty else { throw PropertyValueProblem.error(problems) }
        return fields
    }

    /// One refused value in HubSpot's words.
    func problem(_ error: StoreError, field: FieldDefinition, value: JSONValue) -> PropertyValueProblem {
        let shown = value.stringValue ?? value.description
        switch error {
        case .invalidPicklistValue(_, let option):
            let allowed = field.picklistValues.filter(\.active).map(\.value).joined(separator: ", ")
            return PropertyValueProblem(name: field.name, error: "INVALID_OPTION", message: "\(option) was not one of the allowed options: [\(allowed)]")
        case .invalidEmail:
            return PropertyValueProblem(name: field.name, error: "INVALID_EMAIL", message: "Email address \(shown) is invalid")
        case .valueTooLong(_, let max, _):
            return PropertyValueProblem(name: field.name, error: "INVALID_STRING", message: "\(field.name) is longer than the limit of \(max) characters")
        case .invalidValue:
            let (code, kind): (String, String) =
                switch field.type {
                case .boolean: ("INVALID_BOOLEAN", "a boolean")
                case .date: ("INVALID_DATE", "a valid date (YYYY-MM-DD or epoch milliseconds at midnight UTC)")
                case .datetime: ("INVALID_DATETIME", "a valid datetime (ISO 8601 or epoch milliseconds)")
                default: ("INVALID_DECIMAL", "a valid number")
                }
            return PropertyValueProblem(name: field.name, error: code, message: "\(shown) is not \(kind)")
        default:
            return PropertyValueProblem(name: field.name, error: "INVALID_VALUE", message: error.description)
        }
    }

    /// The store's refusal of a whole write in HubSpot's words.
    func translate(_ error: any Error, object: ObjectDefinition) -> any Error {
        guard let error = error as? StoreError else { return error }
        switch error {
        case .notFound(let id), .entityIsDeleted(let id):
            return HubSpotError.objectNotFound(id)
        case .duplicateValue(let field, let existing):
            if object.name == "contacts", field == "email" {
                return HubSpotError(.conflict, "CONFLICT", "Contact already exists. Existing ID: \(existing)")
            }
            return HubSpotError(
                .conflict, "CONFLICT", "A \(HubSpotObjectTypes.singular(object)) with the unique value for property \(field) already exists. Existing ID: \(existing)",
                context: ["propertyName": [field], "existingObjectId": [existing]])
        case .requiredFieldMissing(_, let fields):
            return PropertyValueProblem.error(fields.map {
                PropertyValueProblem(name: $0, error: "REQUIRED_PROPERTY", message: "\($0) is required")
            })
        case .validationRuleFailed(_, let message, let field):
            return PropertyValueProblem.error([PropertyValueProblem(name: field ?? "", error: "INVALID_VALUE", message: message)])
        case .unknownObject(let name):
            return HubSpotError.unknownObjectType(name)
        case .unknownField(_, let field):
            return PropertyValueProblem.error([PropertyValueProblem(name: field, error: "PROPERTY_DOESNT_EXIST", message: "Property \"\(field)\" does not exist")])
        case .notWritable(let field, _):
            return PropertyValueProblem.error([
                PropertyValueProblem(name: field, error: "READ_ONLY_VALUE", message: "\"\(field)\" is a read only property; its value cannot be set.")
            ])
        default:
            if let field = object.fields.first(where: { error.description.hasPrefix($0.name) }) {
                return PropertyValueProblem.error([problem(error, field: field, value: .null)])
            }
            return HubSpotError.validation(error.description)
        }
    }

    /// A create's `associations`: `[{"to":{"id"},"types":[{"associationCategory","associationTypeId"}]}]`.
    func associationInputs(_ value: JSONValue?, from object: ObjectDefinition) throws -> [(toID: String, type: HubSpotAssociationType)] {
        guard let value, !value.isNull else { return [] }
        guard case .array(let items) = value else { throw HubSpotError.invalidJSON("associations must be an array") }
        var links: [(toID: String, type: HubSpotAssociationType)] = []
        for item in items {
            guard let toID = item["to"]?["id"].flatMap({ $0.stringValue ?? $0.intValue.map(String.init) }) else {
                throw HubSpotError.validation("Each association needs to.id", context: ["associations": ["to.id"]])
            }
            guard let target = store.record(id: toID) else { throw HubSpotError.objectNotFound(toID) }
            for spec in item["types"]?.arrayValue ?? [] {
                guard let typeID = spec["associationTypeId"]?.intValue, let type = associations.type(typeID, from: object.name, to: target.object) else {
                    throw HubSpotError.validation(
                        "\(spec["associationTypeId"]?.description ?? "null") is not a valid association type between \(object.name) and \(target.object)")
                }
                links.append((toID: toID, type: type))
            }
        }
        return links
    }
}
