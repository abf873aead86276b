import FakeKit

/// The OpenAPI 3.1 document of the PRM API, built from the live schema and
/// the resource table, so it can never describe a different API from the
/// one served. `Fakes/FakePRM/openapi.json` is this document for the
/// default program (a test keeps the two identical).
enum PRMOpenAPI {
    static func document(schema: Schema) -> OrderedJSON {
        var paths: [(String, OrderedJSON)] = []
        var schemas: [(String, OrderedJSON)] = [("Error", errorSchema)]
        for resource in PRMResource.all {
            guard let object = schema.object(resource.object) else { continue }
            schemas.append((object.name, recordSchema(object, resource: resource)))
            schemas.append(("\(object.name)Input", inputSchema(object, resource: resource)))
            schemas.append(("\(object.name)List", listSchema(object.name)))
            paths += collectionPaths(resource, object)
        }
        paths += extraPaths
        paths += AdminOpenAPI.paths
        schemas += AdminOpenAPI.schemas
        return .object([
            ("openapi", .value("3.1.0")),
            ("info", .object([
                ("title", .value("Sync Verifier simulated PRM")),
                ("version", .value("1.0.0")),
                ("description", .value(.string(description))),
            ])),
            ("servers", .array([.object([("url", .value("/"))])])),
            ("security", .array([.object([("bearer", .array([]))]), .object([("apiKey", .array([]))])])),
            ("paths", .object(paths)),
            ("components", .object([
                ("securitySchemes", .object([
                    ("bearer", .object([("type", .value("http")), ("scheme", .value("bearer")), ("description", .value("The connector's API key, or a partner user's portal token."))])),
                    ("apiKey", .object([("type", .value("apiKey")), ("in", .value("header")), ("name", .value("X-API-Key"))])),
                    ("adminToken", AdminOpenAPI.securityScheme),
                ])),
                ("schemas", .object(schemas)),
            ])),
        ])
    }

    static let description = """
        The partner relationship management side of a Sync Verifier world. Partners, partner contacts, deal \
        registrations (status machine and channel-conflict detection), leads passed to partners, MDF requests, \
        incentives the PRM books itself when a deal is won (exactly once per deal and amount; a changed amount \
        books adjustments), tiers promoted by revenue and certifications, a schema API for custom fields and \
        objects, segmentation rules, a change feed and signed webhooks. Authenticate with the connector's API \
        key (`Authorization: Bearer <key>` or `X-API-Key`); partner users' portal tokens see only their own \
        partner's records. Lists page with `limit` and `cursor`/`next_cursor`. Every error is \
        `{"error":{"status","code","message","field"}}`. Every answer carries `X-RateLimit-Limit`, \
        `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds); over the quota the answer is 429 with `Retry-After`. \
        The admin API under `/__admin` (faults, drift, reset, the journal and the request log) is the harness's, \
        not part of the PRM: its requests are never faulted, throttled or logged.
        """

    static func ref(_ name: String) -> OrderedJSON { .object([("$ref", .value(.string("#/components/schemas/\(name)")))]) }

    static let errorSchema: OrderedJSON = .object([
        ("type", .value("object")), ("required", .value(["error"])), ("additionalProperties", .value(false)),
        ("properties", .object([
            ("error", .object([
                ("type", .value("object")), ("required", .value(["status", "code", "message", "field"])), ("additionalProperties", .value(false)),
                ("properties", .object([
                    ("status", .object([("type", .value("integer"))])), ("code", .object([("type", .value("string"))])),
                    ("message", .object([("type", .value("string"))])), ("field", .object([("type", .value(["string", "null"]))])),
                ])),
            ]))
        ])),
    ])

    /// The JSON Schema of one field's value (nullable: every field may be unset).
    static func fieldSchema(_ field: FieldDefinition) -> OrderedJSON {
        var pairs: [(String, OrderedJSON)]
        switch field.type {
        case .boolean: pairs = [("type", .value(["boolean", "null"]))]
        case .int, .long: pairs = [("type", .value(["integer", "null"]))]
        case .double, .currency, .percent: pairs = [("type", .value(["number", "null"]))]
        case .date: pairs = [("type", .value(["string", "null"])), ("format", .value("date"))]
        case .datetime: pairs = [("type", .value(["string", "null"])), ("format", .value("date-time"))]
        case .multipicklist:
            var items: [(String, OrderedJSON)] = [("type", .value("string"))]
            if !field.picklistValues.isEmpty { items.append(("enum", .value(.array(field.picklistValues.map { .string($0.value) })))) }
            pairs = [("type", .value(["array", "null"])), ("items", .object(items))]
        case .picklist where field.restrictedPicklist:
            pairs = [("type", .value(["string", "null"])), ("enum", .value(.array(field.picklistValues.map { .string($0.value) } + [.null])))]
        default:
            pairs = [("type", .value(["string", "null"]))]
            if let length = field.length, [.string, .textarea, .email, .phone, .url].contains(field.type) { pairs.append(("maxLength", .value(.int(length)))) }
        }
        pairs.append(("description", .value(.string(field.label))))
        return .object(pairs)
    }

    static func recordSchema(_ object: ObjectDefinition, resource: PRMResource) -> OrderedJSON {
        var properties: [(String, OrderedJSON)] = [("id", .object([("type", .value("string")), ("readOnly", .value(true))]))]
        for field in object.fields {
            guard case .object(var pairs) = fieldSchema(field) else { continue }
            if resource.readOnly.contains(field.name) { pairs.append(("readOnly", .value(true))) }
            properties.append((field.name, .object(pairs)))
        }
        properties.append(("createdAt", .object([("type", .value("string")), ("format", .value("date-time")), ("readOnly", .value(true))])))
        properties.append(("updatedAt", .object([("type", .value("string")), ("format", .value("date-time")), ("readOnly", .value(true))])))
        return .object([
            ("type", .value("object")), ("description", .value(.string("A \(resource.noun). Custom fields created through the schema API appear as further properties."))),
            ("required", .value(.array((["id"] + object.fields.map(\.name) + ["createdAt", "updatedAt"]).map(JSONValue.string)))),
            ("properties", .object(properties)),
        ])
    }

    static func inputSchema(_ object: ObjectDefinition, resource: PRMResource) -> OrderedJSON {
        let writable = object.fields.filter { !resource.readOnly.contains($0.name) }
        return .object([
            ("type", .value("object")), ("additionalProperties", .value(false)),
            ("description", .value(.string("Fields a client may set on a \(resource.noun); unknown keys are refused with 400 unknown_field."))),
            ("properties", .object(writable.map { ($0.name, fieldSchema($0)) })),
        ])
    }

    static func listSchema(_ name: String) -> OrderedJSON {
        .object([
            ("type", .value("object")), ("required", .value(["data", "next_cursor"])),
            ("properties", .object([
                ("data", .object([("type", .value("array")), ("items", ref(name))])),
                ("next_cursor", .object([("type", .value(["string", "null"])), ("description", .value("Pass as `cursor` for the next page; null on the last."))])),
            ])),
        ])
    }

    static func errors(_ codes: [Int]) -> [(String, OrderedJSON)] {
        // Any call may be throttled.
        (codes + (codes.contains(429) ? [] : [429])).map { code in
            (String(code), .object([
                ("description", .value(.string(HTTPStatusName.name(code)))),
                ("content", .object([("application/json", .object([("schema", ref("Error"))]))])),
            ]))
        }
    }

    static func json(_ code: Int, _ description: String, _ schema: OrderedJSON) -> (String, OrderedJSON) {
        (String(code), .object([("description", .value(.string(description))), ("content", .object([("application/json", .object([("schema", schema)]))]))]))
    }

    static func idParameter() -> OrderedJSON {
        .object([("name", .value("id")), ("in", .value("path")), ("required", .value(true)), ("schema", .object([("type", .value("string"))]))])
    }

    static func body(_ schema: OrderedJSON) -> OrderedJSON {
        .object([("required", .value(true)), ("content", .object([("application/json", .object([("schema", schema)]))]))])
    }

    static func collectionPaths(_ resource: PRMResource, _ object: ObjectDefinition) -> [(String, OrderedJSON)] {
        let base = "/api/v1/\(resource.path)"
        var parameters: [OrderedJSON] = [
            .object([("name", .value("limit")), ("in", .value("query")), ("schema", .object([("type", .value("integer")), ("minimum", .value(1)), ("maximum", .value(200)), ("default", .value(50))]))]),
            .object([("name", .value("cursor")), ("in", .value("query")), ("schema", .object([("type", .value("string")), ("pattern", .value("^c[0-9]+$"))]))]),
        ]
        for field in object.fields where [.reference, .picklist, .string, .email].contains(field.type) {
            parameters.append(.object([
                ("name", .value(.string(field.name))), ("in", .value("query")),
                ("description", .value(.string("Only records whose \(field.name) equals this."))), ("schema", .object([("type", .value("string"))])),
            ]))
        }
        var collection: [(String, OrderedJSON)] = [
            ("get", .object([
                ("operationId", .value(.string("list\(object.name)"))), ("summary", .value(.string("List \(resource.noun) records"))),
                ("parameters", .array(parameters)),
                ("responses", .object([json(200, "A page of records", ref("\(object.name)List"))] + errors([400, 401, 403]))),
            ]))
        ]
        var item: [(String, OrderedJSON)] = [
            ("get", .object([
                ("operationId", .value(.string("get\(object.name)"))), ("summary", .value(.string("Get one \(resource.noun)"))),
                ("parameters", .array([idParameter()])),
                ("responses", .object([json(200, "The record", ref(object.name))] + errors([401, 404]))),
            ]))
        ]
        if resource.object != "Incentive" {
            collection.append(("post", .object([
                ("operationId", .value(.string("create\(object.name)"))), ("summary", .value(.string("Create a \(resource.noun)"))),
                ("requestBody", body(ref("\(object.name)Input"))),
                ("responses", .object([json(201, "Created", ref(object.name))] + errors([400, 401, 403, 409, 422]))),
            ])))
            item.append(("patch", .object([
                ("operationId", .value(.string("update\(object.name)"))), ("summary", .value(.string("Change a \(resource.noun)"))),
                ("parameters", .array([idParameter()])), ("requestBody", body(ref("\(object.name)Input"))),
                ("responses", .object([json(200, "Updated", ref(object.name))] + errors([400, 401, 403, 404, 409, 422]))),
            ])))
        }
        return [(base, .object(collection)), ("\(base)/{id}", .object(item))]
    }

    static func statusChange(_ object: String, statuses: [String], extra: [(String, OrderedJSON)], summary: String) -> OrderedJSON {
        .object([("post", .object([
            ("operationId", .value(.string("change\(object)Status"))), ("summary", .value(.string(summary))),
            ("parameters", .array([idParameter()])),
            ("requestBody", body(.object([
                ("type", .value("object")), ("additionalProperties", .value(false)), ("required", .value(["status"])),
                ("properties", .object([("status", .object([("type", .value("string")), ("enum", .value(.array(statuses.map(JSONValue.string))))]))] + extra)),
            ]))),
            ("responses", .object([json(200, "The record after the change", ref(object))] + errors([400, 401, 403, 404, 409, 422]))),
        ]))])
    }

    static var extraPaths: [(String, OrderedJSON)] {
        let object: OrderedJSON = .object([("type", .value("object"))])
        func simple(_ method: String, _ id: String, _ summary: String, codes: [Int], success: (Int, String), body bodySchema: OrderedJSON? = nil, parameters: [OrderedJSON] = []) -> (String, OrderedJSON) {
            var pairs: [(String, OrderedJSON)] = [("operationId", .value(.string(id))), ("summary", .value(.string(summary)))]
            if !parameters.isEmpty { pairs.append(("parameters", .array(parameters))) }
            if let bodySchema { pairs.append(("requestBody", body(bodySchema))) }
            let ok: (String, OrderedJSON) = success.0 == 204 ? ("204", .object([("description", .value("No content"))])) : json(success.0, success.1, object)
            pairs.append(("responses", .object([ok] + errors(codes))))
            return (method, .object(pairs))
        }
        let pathParameter = { (name: String) -> OrderedJSON in
            .object([("name", .value(.string(name))), ("in", .value("path")), ("required", .value(true)), ("schema", .object([("type", .value("string"))]))])
        }
        return [
            ("/api/v1/deal-registrations/{id}/status", statusChange(
                "DealRegistration", statuses: DealRegistrationStatus.allCases.map(\.rawValue),
                extra: [("confirmedAmount", .object([("type", .value("number")), ("minimum", .value(0))])), ("reason", .object([("type", .value("string"))]))],
                summary: "Approve, reject, win (with confirmedAmount: books incentives), lose or expire a registration")),
            ("/api/v1/mdf-requests/{id}/status", statusChange(
                "MDFRequest", statuses: MDFStatus.allCases.map(\.rawValue),
                extra: [("claimedAmount", .object([("type", .value("number")), ("minimum", .value(0))]))],
                summary: "Approve, reject, claim (partners, with claimedAmount) or pay an MDF request")),
            ("/api/v1/changes", .object([simple("get", "listChanges", "Journal entries after a sequence number (the change feed)", codes: [400, 401, 403], success: (200, "Changes and next_since"), parameters: [
                .object([("name", .value("since")), ("in", .value("query")), ("schema", .object([("type", .value("integer")), ("minimum", .value(0))]))]),
                .object([("name", .value("limit")), ("in", .value("query")), ("schema", .object([("type", .value("integer")), ("minimum", .value(1)), ("maximum", .value(1000))]))]),
            ])])),
            ("/api/v1/schema", .object([
                simple("get", "listSchema", "Every object and its fields", codes: [401, 403], success: (200, "The schema")),
                simple("post", "createObject", "Create a custom object", codes: [400, 401, 403, 409, 422], success: (201, "The new object"), body: object),
            ])),
            ("/api/v1/schema/{object}", .object([simple("get", "describeObject", "One object's fields", codes: [401, 403, 404], success: (200, "The object"), parameters: [pathParameter("object")])])),
            ("/api/v1/schema/{object}/fields", .object([simple("post", "createField", "Add a custom field (any CRM field type)", codes: [400, 401, 403, 404, 409, 422], success: (201, "The object with its new field"), body: object, parameters: [pathParameter("object")])])),
            ("/api/v1/objects/{object}", .object([
                simple("get", "listObjectRecords", "Records of any object, custom ones included", codes: [400, 401, 403, 404], success: (200, "A page of records"), parameters: [pathParameter("object")]),
                simple("post", "createObjectRecord", "Create a record of any object", codes: [400, 401, 403, 404, 409, 422], success: (201, "Created"), body: object, parameters: [pathParameter("object")]),
            ])),
            ("/api/v1/objects/{object}/{id}", .object([
                simple("get", "getObjectRecord", "One record of any object", codes: [401, 403, 404], success: (200, "The record"), parameters: [pathParameter("object"), pathParameter("id")]),
                simple("patch", "updateObjectRecord", "Change a record of any object", codes: [400, 401, 403, 404, 409, 422], success: (200, "Updated"), body: object, parameters: [pathParameter("object"), pathParameter("id")]),
            ])),
            ("/api/v1/rules", .object([
                simple("get", "listRules", "Segmentation rules", codes: [401, 403], success: (200, "The rules")),
                simple("post", "createRule", "Add a rule: when a field equals a value, set another field", codes: [400, 401, 403, 422], success: (201, "Created"), body: object),
            ])),
            ("/api/v1/webhooks", .object([
                simple("get", "listWebhooks", "Webhook subscriptions", codes: [401, 403], success: (200, "The subscriptions")),
                simple("post", "createWebhook", "Subscribe a loopback URL to events (signed X-PRM-Signature: sha256=<hmac>)", codes: [400, 401, 403, 422], success: (201, "The subscription and its secret"), body: object),
            ])),
            ("/api/v1/webhooks/{id}", .object([simple("delete", "deleteWebhook", "Unsubscribe", codes: [401, 403, 404], success: (204, ""), parameters: [pathParameter("id")])])),
            ("/api/v1/webhooks/{id}/deliveries", .object([simple("get", "listWebhookDeliveries", "Delivery attempts of a subscription", codes: [401, 403], success: (200, "The attempts"), parameters: [pathParameter("id")])])),
        ]
    }
}

/// Reason phrases for the documented statuses.
enum HTTPStatusName {
    static func name(_ code: Int) -> String {
        [400: "Bad request (unknown_field, invalid_json, invalid_parameter)", 401: "Missing or invalid API key", 403: "Not allowed for this caller",
         404: "Not found (or not visible to this partner)", 409: "Conflict (duplicate, invalid_transition)", 422: "Invalid value", 429: "Too many requests"][code] ?? "Error"
    }
}
