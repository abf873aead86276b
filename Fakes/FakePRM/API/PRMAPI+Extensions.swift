import FakeKit
import Foundation
import HTTP

/// The schema API, generic records of any object, rules and webhooks: what a
/// mirroring connector needs beyond the partner-program resources.
extension PRMAPI {
    func registerExtensions(_ router: inout HTTPRouter) {
        let api = self
        router.get("/api/v1/schema") { try api.listSchema($0) }
        router.post("/api/v1/schema") { try api.createObject($0) }
        router.get("/api/v1/schema/:object") { try api.describeObject($0) }
        router.post("/api/v1/schema/:object/fields") { try api.createField($0) }
        router.get("/api/v1/objects/:object") { try api.list(api.resource(for: $0), $0) }
        router.post("/api/v1/objects/:object") { try api.create(api.resource(for: $0), $0) }
        router.get("/api/v1/objects/:object/:id") { try api.read(api.resource(for: $0), $0) }
        router.patch("/api/v1/objects/:object/:id") { try api.update(api.resource(for: $0), $0) }
        router.get("/api/v1/rules") { try api.listRules($0) }
        router.post("/api/v1/rules") { try api.createRule($0) }
        router.get("/api/v1/webhooks") { try api.listWebhooks($0) }
        router.post("/api/v1/webhooks") { try api.createWebhook($0) }
        router.delete("/api/v1/webhooks/:id") { try api.deleteWebhook($0) }
        router.get("/api/v1/webhooks/:id/deliveries") { try api.webhookDeliveries($0) }
    }

    func connectorOnly(_ request: HTTPRequest) throws {
        guard try caller(request).partnerID == nil else { throw PRMError(.forbidden, "forbidden", "This part of the API is for the vendor's connector.") }
    }

    /// The resource behind `/objects/{object}`: a known collection, or a custom object (connector only).
    func resource(for request: HTTPRequest) throws -> PRMResource {
        let name = request.pathParameters["object"] ?? ""
        guard let object = store.schema.object(name) else { throw PRMError(.notFound, "not_found", "No object named '\(name)'.") }
        if let known = PRMResource.all.first(where: { $0.object == object.name }) { return known }
        try connectorOnly(request)
        return PRMResource(path: "objects/\(object.name)", object: object.name, noun: object.label, readOnly: [], partnerField: nil)
    }

    static func describe(_ object: ObjectDefinition) -> OrderedJSON {
        .object([
            ("name", .value(.string(object.name))), ("label", .value(.string(object.label))), ("custom", .value(.bool(object.custom))),
            ("fields", .array(object.fields.map { field in
                .object([
                    ("name", .value(.string(field.name))), ("type", .value(.string(field.type.rawValue))), ("label", .value(.string(field.label))),
                    ("required", .value(.bool(field.required))), ("custom", .value(.bool(field.custom))),
                    ("length", .value(field.length.map(JSONValue.int) ?? .null)), ("precision", .value(field.precision.map(JSONValue.int) ?? .null)),
                    ("scale", .value(field.scale.map(JSONValue.int) ?? .null)),
                    ("picklistValues", .value(.array(field.picklistValues.map { .string($0.value) }))),
                    ("referenceTo", .value(.array(field.referenceTo.map(JSONValue.string)))),
                ])
            })),
        ])
    }

    func listSchema(_ request: HTTPRequest) throws -> HTTPResponse {
        try connectorOnly(request)
        return .json(.ok, data: OrderedJSON.object([("objects", .array(store.schema.objects.map(Self.describe)))]).serialized())
    }

    func describeObject(_ request: HTTPRequest) throws -> HTTPResponse {
        try connectorOnly(request)
        guard let object = store.schema.object(request.pathParameters["object"] ?? "") else { throw PRMError(.notFound, "not_found", "No such object.") }
        return .json(.ok, data: Self.describe(object).serialized())
    }

    /// A field definition from a request: `name`, `type` and optional
    /// `label`, `length`, `precision`, `scale`, `required`, `picklistValues`, `referenceTo`.
    func fieldDefinition(_ body: [String: JSONValue], path: String) throws -> FieldDefinition {
        let allowed: Set<String> = ["name", "type", "label", "length", "precision", "scale", "required", "picklistValues", "referenceTo", "externalId"]
        for key in body.keys where !allowed.contains(key) {
            throw PRMError(.badRequest, "unknown_field", "Unknown key '\(key)' in a field definition.", field: "\(path)\(key)")
        }
        guard let name = body["name"]?.stringValue, name.range(of: "^[A-Za-z][A-Za-z0-9_]{0,79}$", options: .regularExpression) != nil else {
            throw PRMError(.unprocessableContent, "invalid_value", "name must be letters, digits and underscores, starting with a letter.", field: "\(path)name")
        }
        guard let typeName = body["type"]?.stringValue, let type = FieldType(rawValue: typeName), type != .id else {
            let names = FieldType.allCases.filter { $0 != .id }.map(\.rawValue).joined(separator: ", ")
            throw PRMError(.unprocessableContent, "invalid_choice", "type must be one of \(names).", field: "\(path)type")
        }
        let picklist = (body["picklistValues"]?.arrayValue ?? []).compactMap(\.stringValue).map { PicklistValue($0) }
        if (type == .picklist || type == .multipicklist) && picklist.isEmpty {
            throw PRMError(.unprocessableContent, "required", "A \(type.rawValue) field needs picklistValues.", field: "\(path)picklistValues")
        }
        let references = (body["referenceTo"]?.arrayValue ?? []).compactMap(\.stringValue)
        if type == .reference {
            guard !references.isEmpty, references.allSatisfy({ store.schema.object($0) != nil }) else {
                throw PRMError(.unprocessableContent, "invalid_reference", "referenceTo must name existing objects.", field: "\(path)referenceTo")
            }
        }
        return FieldDefinition(
            name: name, label: body["label"]?.stringValue, type: type, length: body["length"]?.intValue, precision: body["precision"]?.intValue,
            scale: body["scale"]?.intValue, required: body["required"]?.boolValue ?? false, externalId: body["externalId"]?.boolValue ?? false,
            picklistValues: picklist, referenceTo: references, custom: true)
    }

    func createField(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try caller(request)
        try connectorOnly(request)
        guard let object = store.schema.object(request.pathParameters["object"] ?? "") else { throw PRMError(.notFound, "not_found", "No such object.") }
        let field = try fieldDefinition(body(request), path: "")
        guard object.field(field.name) == nil else { throw PRMError(.conflict, "duplicate", "\(object.name) already has a field '\(field.name)'.", field: "name") }
        try store.changeSchema(actor: caller.actor, channel: "schema-api", object: object.name) { schema in
            schema.modify(object.name) { $0.fields.append(field) }
        }
        return .json(.created, data: Self.describe(store.schema.object(object.name)!).serialized())
    }

    func createObject(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try caller(request)
        try connectorOnly(request)
        let body = try body(request)
        for key in body.keys where !["name", "label", "fields"].contains(key) {
            throw PRMError(.badRequest, "unknown_field", "Unknown key '\(key)' in an object definition.", field: key)
        }
        guard let name = body["name"]?.stringValue, name.range(of: "^[A-Za-z][A-Za-z0-9_]{0,79}$", options: .regularExpression) != nil else {
            throw PRMError(.unprocessableContent, "invalid_value", "name must be letters, digits and underscores.", field: "name")
        }
        guard store.schema.object(name) == nil else { throw PRMError(.conflict, "duplicate", "An object '\(name)' exists.", field: "name") }
        let fields = try (body["fields"]?.arrayValue ?? []).enumerated().map { index, value in
            guard case .object(let field) = value else { throw PRMError(.badRequest, "invalid_json", "fields[\(index)] must be an object.", field: "fields[\(index)]") }
            return try fieldDefinition(field, path: "fields[\(index)].")
        }
        let prefix = "c" + String(store.schema.objects.filter(\.custom).count + 1)
        let object = ObjectDefinition(name: name, label: body["label"]?.stringValue, keyPrefix: prefix, custom: true, fields: fields)
        try store.changeSchema(actor: caller.actor, channel: "schema-api", object: name) { $0.put(object) }
        return .json(.created, data: Self.describe(object).serialized())
    }

    func listRules(_ request: HTTPRequest) throws -> HTTPResponse {
        try connectorOnly(request)
        let rules = ruleEngine.all.map { rule -> OrderedJSON in
            .object([
                ("name", .value(.string(rule.name))), ("object", .value(.string(rule.object))),
                ("when", .object([("field", .value(.string(rule.whenField))), ("equals", .value(rule.equals))])),
                ("set", .object([("field", .value(.string(rule.setField))), ("value", .value(rule.value))])),
            ])
        }
        return .json(.ok, data: OrderedJSON.object([("data", .array(rules))]).serialized())
    }

    /// `{"name","object","when":{"field","equals"},"set":{"field","value"}}`
    func createRule(_ request: HTTPRequest) throws -> HTTPResponse {
        try connectorOnly(request)
        let body = try body(request)
        for key in body.keys where !["name", "object", "when", "set"].contains(key) {
            throw PRMError(.badRequest, "unknown_field", "Unknown key '\(key)' in a rule.", field: key)
        }
        guard let name = body["name"]?.stringValue, let objectName = body["object"]?.stringValue, let object = store.schema.object(objectName) else {
            throw PRMError(.unprocessableContent, "invalid_value", "A rule needs a name and an existing object.", field: "object")
        }
        guard let whenField = body["when"]?["field"]?.stringValue, object.field(whenField) != nil, let equals = body["when"]?["equals"] else {
            throw PRMError(.unprocessableContent, "invalid_value", "when.field must be a field of \(object.name), with when.equals.", field: "when")
        }
        guard let setField = body["set"]?["field"]?.stringValue, object.field(setField) != nil, let value = body["set"]?["value"] else {
            throw PRMError(.unprocessableContent, "invalid_value", "set.field must be a field of \(object.name), with set.value.", field: "set")
        }
        ruleEngine.add(SegmentationRule(name: name, object: object.name, whenField: whenField, equals: equals, setField: setField, value: value))
        return .json(.created, data: OrderedJSON.object([("name", .value(.string(name)))]).serialized())
    }

    func listWebhooks(_ request: HTTPRequest) throws -> HTTPResponse {
        try connectorOnly(request)
        let items = webhooks.subscriptions.map { sub -> OrderedJSON in
            .object([("id", .value(.string(sub.id))), ("url", .value(.string(sub.url))), ("events", .value(.array(sub.events.map(JSONValue.string))))])
        }
        return .json(.ok, data: OrderedJSON.object([("data", .array(items))]).serialized())
    }

    /// `{"url","events","secret"}`: the receiver must be on loopback.
    func createWebhook(_ request: HTTPRequest) throws -> HTTPResponse {
        try connectorOnly(request)
        let body = try body(request)
        for key in body.keys where !["url", "events", "secret"].contains(key) {
            throw PRMError(.badRequest, "unknown_field", "Unknown key '\(key)' in a webhook.", field: key)
        }
        guard let url = body["url"]?.stringValue, let parsed = URL(string: url), parsed.scheme == "http",
            ["127.0.0.1", "localhost"].contains(parsed.host ?? "")
        else {
            throw PRMError(.unprocessableContent, "invalid_value", "url must be an http:// address on 127.0.0.1 or localhost.", field: "url")
        }
        let events = body["events"]?.arrayValue?.compactMap(\.stringValue) ?? ["*"]
        let secret = body["secret"]?.stringValue ?? RandomToken.make(32)
        let sub = webhooks.subscribe(url: url, events: events.isEmpty ? ["*"] : events, secret: secret)
        return .json(.created, data: OrderedJSON.object([
            ("id", .value(.string(sub.id))), ("url", .value(.string(sub.url))), ("events", .value(.array(sub.events.map(JSONValue.string)))),
            ("secret", .value(.string(secret))),
        ]).serialized())
    }

    func deleteWebhook(_ request: HTTPRequest) throws -> HTTPResponse {
        try connectorOnly(request)
        guard webhooks.unsubscribe(request.pathParameters["id"] ?? "") else { throw PRMError(.notFound, "not_found", "No such webhook.") }
        return HTTPResponse(status: .noContent)
    }

    func webhookDeliveries(_ request: HTTPRequest) throws -> HTTPResponse {
        try connectorOnly(request)
        let id = request.pathParameters["id"] ?? ""
        let items = webhooks.deliveries.filter { $0.subscriptionID == id }.map { d -> OrderedJSON in
            .object([
                ("eventId", .value(.string(d.eventID))), ("attempt", .value(.int(d.attempt))), ("at", .value(.string(DateFormats.formatISO(d.at)))),
                ("status", .value(d.status.map(JSONValue.int) ?? .null)), ("error", .value(d.error.map(JSONValue.string) ?? .null)),
            ])
        }
        return .json(.ok, data: OrderedJSON.object([("data", .array(items))]).serialized())
    }
}
