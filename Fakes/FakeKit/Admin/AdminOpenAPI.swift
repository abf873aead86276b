/// The OpenAPI 3.1 description of the admin API (`AdminAPI`), built from the
/// fault types' own descriptions (`FaultSpec.descriptions`): every type,
/// attribute, unit, default and allowed value the decoders accept, with an
/// example each. Each fake serves it at `/__admin/openapi.json`; the PRM's
/// own document includes its paths and schemas.
public enum AdminOpenAPI {
    /// The whole admin document for one fake.
    public static func document(title: String) -> OrderedJSON {
        .object([
            ("openapi", .value("3.1.0")),
            (
                "info",
                .object([
                    ("title", .value(.string("\(title) admin API"))), ("version", .value("1.0.0")),
                    ("description", .value(.string(description))),
                ])
            ),
            ("servers", .array([.object([("url", .value("/"))])])),
            ("paths", .object(paths)),
            (
                "components",
                .object([
                    ("securitySchemes", .object([("adminToken", securityScheme)])),
                    ("schemas", .object(schemas + [("Error", errorSchema)])),
                ])
            ),
        ])
    }

    static let description = """
        The harness's admin API, on the fake's own port under `/__admin`: faults (add, list, get, clear), drift, reset, \
        the journal and the request log. Its requests are never faulted, throttled or logged. A fault is a JSON object \
        keyed on `type`; unknown types and attributes are refused with 400 `invalid_fault` and the JSON path of the \
        mistake. Open on loopback; elsewhere every request needs `X-Admin-Token`. Errors are \
        `{"error":{"status","code","message","field"}}`.
        """

    public static let securityScheme: OrderedJSON = .object([
        ("type", .value("apiKey")), ("in", .value("header")), ("name", .value("X-Admin-Token")),
        ("description", .value("Needed by the admin API only when the server is not bound to loopback.")),
    ])

    static func ref(_ name: String) -> OrderedJSON {
        .object([("$ref", .value(.string("#/components/schemas/\(name)")))])
    }

    static let errorSchema: OrderedJSON = .object([
        ("type", .value("object")), ("required", .value(["error"])),
        (
            "properties",
            .object([
                (
                    "error",
                    .object([
                        ("type", .value("object")), ("required", .value(["status", "code", "message", "field"])),
                        (
                            "properties",
                            .object([
                                ("status", .object([("type", .value("integer"))])),
                                ("code", .object([("type", .value("string"))])),
                                ("message", .object([("type", .value("string"))])),
                                ("field", .object([("type", .value(["string", "null"]))])),
                            ])
                        ),
                    ])
                )
            ])
        ),
    ])

    /// The schema name of one fault type (`FaultLatency`).
    public static func schemaName(_ type: String) -> String { "Fault" + type.prefix(1).uppercased() + type.dropFirst() }

    // MARK: schemas

    /// Every schema the admin paths refer to, but `Error` (each document has its own).
    public static var schemas: [(String, OrderedJSON)] {
        var list: [(String, OrderedJSON)] = [("Fault", faultSchema), ("FaultScope", scopeSchema)]
        list += FaultSpec.descriptions.map { (schemaName($0.type), schema(of: $0)) }
        list += [
            ("FaultRecord", recordSchema), ("FaultPage", page(of: "FaultRecord", nextSince: false)),
            ("JournalEntry", journalEntrySchema),
            ("JournalPage", page(of: "JournalEntry", nextSince: true)), ("RequestLogEntry", requestLogEntrySchema),
            ("RequestLogSummary", requestLogSummarySchema),
            ("RequestPage", page(of: "RequestLogEntry", nextSince: true, summary: true)),
        ]
        return list
    }

    static var faultSchema: OrderedJSON {
        .object([
            (
                "description",
                .value(
                    .string(
                        "A fault value keyed on `type`: traffic faults (\(types(traffic: true))) stay until cleared or ended by their scope; changes (\(types(traffic: false))) are applied at once."
                    ))
            ),
            ("oneOf", .array(FaultSpec.descriptions.map { ref(schemaName($0.type)) })),
            (
                "discriminator",
                .object([
                    ("propertyName", .value("type")),
                    (
                        "mapping",
                        .object(
                            FaultSpec.descriptions.map {
                                ($0.type, .value(.string("#/components/schemas/\(schemaName($0.type))")))
                            })
                    ),
                ])
            ),
        ])
    }

    static func types(traffic: Bool) -> String {
        FaultSpec.descriptions.filter { $0.isTraffic == traffic }.map(\.type).joined(separator: ", ")
    }

    static var scopeSchema: OrderedJSON {
        .object([
            ("type", .value("object")), ("additionalProperties", .value(false)),
            (
                "description",
                .value(
                    "Which requests a traffic fault acts on, and when; every condition given must hold. Empty: every request, until cleared."
                )
            ),
            ("properties", .object(FaultDescription.scope.map { ($0.name, schema(of: $0)) })),
            (
                "examples",
                .value([
                    [
                        "pathPrefixes": ["/services/data/v59.0/query"], "methods": ["GET"], "probability": 0.5,
                        "requestCount": 3,
                    ]
                ])
            ),
        ])
    }

    /// The JSON Schema of one attribute: kind, range, allowed values, default, unit.
    public static func schema(of attribute: FaultAttribute) -> OrderedJSON {
        var pairs: [(String, OrderedJSON)]
        switch attribute.kind {
        case .integer: pairs = [("type", .value("integer"))]
        case .number: pairs = [("type", .value("number"))]
        case .string: pairs = [("type", .value("string"))]
        case .boolean: pairs = [("type", .value("boolean"))]
        case .strings: pairs = [("type", .value("array")), ("items", .object([("type", .value("string"))]))]
        case .object: pairs = [("type", .value("object"))]
        case .stringOrObject: pairs = [("type", .value(["string", "object"]))]
        case .any: pairs = []
        }
        if !attribute.allowed.isEmpty { pairs.append(("enum", .value(.array(attribute.allowed)))) }
        if let minimum = attribute.minimum { pairs.append(("minimum", .value(number(minimum, attribute)))) }
        if let maximum = attribute.maximum { pairs.append(("maximum", .value(number(maximum, attribute)))) }
        if let value = attribute.defaultValue { pairs.append(("default", .value(value))) }
        var text = attribute.summary
        if let unit = attribute.unit { text += " Unit: \(unit.rawValue)." }
        if let absent = attribute.absentMeans { text += " Left out: \(absent)." }
        pairs.append(("description", .value(.string(text))))
        if let unit = attribute.unit { pairs.append(("x-unit", .value(.string(unit.rawValue)))) }
        return .object(pairs)
    }

    static func number(_ value: Double, _ attribute: FaultAttribute) -> JSONValue {
        attribute.kind == .integer || value == value.rounded() ? .int(Int(value)) : .double(value)
    }

    /// One fault type: an object with a constant `type`, its attributes and no others; a type that
    /// branches (drift's `change`, auth's `action`) is one of its variants.
    public static func schema(of description: FaultDescription) -> OrderedJSON {
        var text = description.summary
        if !description.rules.isEmpty { text += " Rules: " + description.rules.joined(separator: "; ") + "." }
        let head: [(String, OrderedJSON)] = [
            ("description", .value(.string(text))), ("examples", .value(.array(description.examples))),
        ]
        guard let discriminator = description.discriminator else {
            return .object(
                [("type", .value("object")), ("additionalProperties", .value(false))]
                    + [
                        (
                            "required",
                            .value(
                                .array(
                                    (["type"] + description.attributes.filter(\.required).map(\.name)).map(
                                        JSONValue.string)))
                        )
                    ]
                    + [("properties", .object(properties(description, description.attributes)))] + head)
        }
        let variants = description.variants.map { variant -> OrderedJSON in
            let names = [discriminator] + variant.required + variant.optional
            let attributes = names.compactMap { description.attribute($0) }
            var props = properties(description, attributes)
            if let index = props.firstIndex(where: { $0.0 == discriminator }) {
                props[index].1 = .object([
                    ("const", .value(.string(variant.value))), ("description", .value(.string(variant.summary))),
                ])
            }
            var pairs: [(String, OrderedJSON)] = [
                ("type", .value("object")), ("additionalProperties", .value(false)),
                ("title", .value(.string("\(description.type) \(variant.value)"))),
                ("required", .value(.array((["type", discriminator] + variant.required).map(JSONValue.string)))),
                ("properties", .object(props)),
            ]
            if let rule = variant.rule {
                pairs.append(("description", .value(.string(variant.summary + " Rule: " + rule + "."))))
                if rule.hasPrefix("exactly one of") {
                    pairs.append(
                        ("oneOf", .array(variant.optional.map { .object([("required", .value([.string($0)]))]) })))
                }
            }
            return .object(pairs)
        }
        return .object(head + [("oneOf", .array(variants))])
    }

    static func properties(_ description: FaultDescription, _ attributes: [FaultAttribute]) -> [(String, OrderedJSON)] {
        var props: [(String, OrderedJSON)] = [("type", .object([("const", .value(.string(description.type)))]))]
        props += attributes.map { ($0.name, schema(of: $0)) }
        if description.isTraffic { props.append(("scope", ref("FaultScope"))) }
        return props
    }

    static func property(_ type: JSONValue, _ text: String? = nil, format: String? = nil) -> OrderedJSON {
        var pairs: [(String, OrderedJSON)] = [("type", .value(type))]
        if let format { pairs.append(("format", .value(.string(format)))) }
        if let text { pairs.append(("description", .value(.string(text)))) }
        return .object(pairs)
    }

    static var recordSchema: OrderedJSON {
        .object([
            ("type", .value("object")),
            ("required", .value(["id", "type", "spec", "addedAt", "state", "matched", "affected"])),
            ("description", .value("One fault a fake was given, with its state.")),
            (
                "properties",
                .object([
                    ("id", property("integer", "Its id, for GET and DELETE /__admin/faults/{id}.")),
                    (
                        "type",
                        .object([
                            ("type", .value("string")), ("enum", .value(.array(FaultSpec.types.map(JSONValue.string)))),
                        ])
                    ),
                    ("spec", ref("Fault")),
                    ("addedAt", property("string", "When it was added, on the journal clock.", format: "date-time")),
                    (
                        "state",
                        .object([
                            ("type", .value("string")),
                            ("enum", .value(.array(FaultRecord.State.allCases.map { .string($0.rawValue) }))),
                            (
                                "description",
                                .value("pending, active or ended (traffic faults); applied or failed (changes).")
                            ),
                        ])
                    ),
                    ("matched", property("integer", "Requests its scope matched (traffic faults).")),
                    ("affected", property("integer", "Requests it acted on (traffic faults).")),
                    (
                        "result",
                        .object([
                            ("description", .value("What a change did: the rotated secret, the journal sequence."))
                        ])
                    ),
                    ("error", property("string", "Why a change failed.")),
                ])
            ),
        ])
    }

    static func page(of item: String, nextSince: Bool, summary: Bool = false) -> OrderedJSON {
        var properties: [(String, OrderedJSON)] = [
            ("data", .object([("type", .value("array")), ("items", ref(item))]))
        ]
        if nextSince {
            properties.append(("next_since", property("integer", "Pass as since for the entries after these.")))
        }
        if summary { properties.append(("summary", ref("RequestLogSummary"))) }
        return .object([
            ("type", .value("object")),
            (
                "required",
                .value(
                    .array(
                        (["data"] + (nextSince ? ["next_since"] : []) + (summary ? ["summary"] : [])).map(
                            JSONValue.string)))
            ), ("properties", .object(properties)),
        ])
    }

    static var journalEntrySchema: OrderedJSON {
        let values: OrderedJSON = .object([
            ("type", .value("object")),
            ("description", .value("Field values (absent for a create's before or a delete's after).")),
        ])
        return .object([
            ("type", .value("object")),
            ("required", .value(["sequence", "time", "system", "actor", "operation", "object", "channel"])),
            (
                "properties",
                .object([
                    ("sequence", property("integer")), ("time", property("string", format: "date-time")),
                    ("system", property("string")),
                    ("actor", property("string", "Who wrote: an OAuth client id, api-key:<name>, harness.")),
                    (
                        "operation",
                        .object([
                            ("type", .value("string")),
                            ("enum", .value(["create", "update", "delete", "undelete", "schema"])),
                        ])
                    ),
                    ("object", property("string")), ("recordID", property("string")), ("before", values),
                    ("after", values),
                    ("channel", property("string", "Which door the write came through (api, drift, harness…).")),
                ])
            ),
        ])
    }

    static var requestLogEntrySchema: OrderedJSON {
        .object([
            ("type", .value("object")),
            (
                "required",
                .value([
                    "sequence", "time", "method", "path", "route", "connection", "faults", "faulted", "throttled",
                    "sentDuringBackoff",
                ])
            ),
            (
                "properties",
                .object([
                    ("sequence", property("integer")), ("time", property("string", format: "date-time")),
                    ("method", property("string")),
                    ("path", property("string")),
                    (
                        "route",
                        property("string", "Ids and versions folded: GET /services/data/:version/sobjects/Account/:id.")
                    ),
                    ("status", property("integer", "Absent when no answer was sent.")),
                    (
                        "connection",
                        property("string", "send, reset, closeMidBody, holdOpen, timeout, limitData or slowClose.")
                    ),
                    ("credential", property("string")),
                    (
                        "faults",
                        .object([
                            ("type", .value("array")), ("items", .object([("type", .value("string"))])),
                            ("description", .value("What the fault layer did: latency:50, bandwidth:10240…")),
                        ])
                    ),
                    ("faulted", property("boolean")), ("throttled", property("boolean")),
                    ("sentDuringBackoff", property("boolean")),
                ])
            ),
        ])
    }

    static var requestLogSummarySchema: OrderedJSON {
        let counts: OrderedJSON = .object([
            ("type", .value("object")), ("additionalProperties", .object([("type", .value("integer"))])),
        ])
        return .object([
            ("type", .value("object")),
            (
                "properties",
                .object([
                    ("total", property("integer")), ("faulted", property("integer")),
                    ("throttled", property("integer")),
                    ("sentDuringBackoff", property("integer")), ("byRoute", counts), ("byStatus", counts),
                    ("byCredential", counts),
                    ("dropped", property("integer")),
                ])
            ),
        ])
    }

    // MARK: paths

    public static var paths: [(String, OrderedJSON)] {
        let noContent: (String, OrderedJSON) = ("204", .object([("description", .value("Done"))]))
        func json(_ code: Int, _ text: String, _ schema: OrderedJSON) -> (String, OrderedJSON) {
            (
                String(code),
                .object([
                    ("description", .value(.string(text))),
                    ("content", .object([("application/json", .object([("schema", schema)]))])),
                ])
            )
        }
        func errors(_ codes: [Int]) -> [(String, OrderedJSON)] {
            let words = [
                400: "Bad request (invalid_json, invalid_fault with the JSON path, invalid_parameter)",
                401: "Missing or wrong X-Admin-Token (off loopback)",
                403: "The admin API is closed off loopback without a token", 404: "No such fault (not_found)",
                409: "A change cannot be cleared (already_applied)",
                422: "The fake cannot make this change (fault_refused)",
            ]
            return codes.map { code in json(code, words[code] ?? "Error", ref("Error")) }
        }
        func operation(
            _ id: String, _ summary: String, responses: [(String, OrderedJSON)], body: OrderedJSON? = nil,
            parameters: [OrderedJSON] = []
        ) -> OrderedJSON {
            var pairs: [(String, OrderedJSON)] = [
                ("operationId", .value(.string(id))), ("summary", .value(.string(summary))),
                ("tags", .value(["admin"])),
                ("security", .array([.object([]), .object([("adminToken", .array([]))])])),
            ]
            if !parameters.isEmpty { pairs.append(("parameters", .array(parameters))) }
            if let body { pairs.append(("requestBody", body)) }
            pairs.append(("responses", .object(responses + errors([401, 403]))))
            return .object(pairs)
        }
        func integerParameter(_ name: String, _ text: String, in location: String = "query", maximum: Int? = nil)
            -> OrderedJSON
        {
            var schema: [(String, OrderedJSON)] = [("type", .value("integer")), ("minimum", .value(0))]
            if let maximum { schema.append(("maximum", .value(.int(maximum)))) }
            var pairs: [(String, OrderedJSON)] = [
                ("name", .value(.string(name))), ("in", .value(.string(location))),
                ("description", .value(.string(text))),
            ]
            if location == "path" { pairs.append(("required", .value(true))) }
            pairs.append(("schema", .object(schema)))
            return .object(pairs)
        }
        let faultID = integerParameter("id", "The fault's id.", in: "path")
        let since = integerParameter("since", "Only entries after this sequence number (default 0).")
        // The request log's filters, from the type that applies them.
        let requestFilters: [OrderedJSON] = RequestFilter.parameters.map { name, meaning in
            let schema: OrderedJSON = switch name {
            case "status": .object([("type", .value("integer")), ("minimum", .value(100)), ("maximum", .value(599))])
            case "faulted": .object([("type", .value("boolean"))])
            case "from", "until": .object([("type", .value("string")), ("format", .value("date-time"))])
            default: .object([("type", .value("string"))])
            }
            return .object([
                ("name", .value(.string(name))), ("in", .value("query")), ("description", .value(.string("Keeps only requests matching this: \(meaning)."))),
                ("schema", schema),
            ])
        }
        var namedExamples: [(String, OrderedJSON)] = []
        for description in FaultSpec.descriptions {
            for (index, example) in description.examples.enumerated() {
                let name = description.examples.count == 1 ? description.type : "\(description.type)-\(index + 1)"
                namedExamples.append(
                    (name, .object([("summary", .value(.string(description.summary))), ("value", .value(example))])))
            }
        }
        let faultBody: OrderedJSON = .object([
            ("required", .value(true)),
            (
                "content",
                .object([
                    ("application/json", .object([("schema", ref("Fault")), ("examples", .object(namedExamples))]))
                ])
            ),
        ])
        let driftExamples = DriftFault.description.examples.enumerated().map {
            index, example -> (String, OrderedJSON) in
            ("drift-\(index + 1)", .object([("value", .value(example))]))
        }
        let driftBody: OrderedJSON = .object([
            ("required", .value(true)),
            ("description", .value("A drift value; its `type` may be left out.")),
            (
                "content",
                .object([
                    (
                        "application/json",
                        .object([("schema", ref(schemaName("drift"))), ("examples", .object(driftExamples))])
                    )
                ])
            ),
        ])
        return [
            (
                "/__admin/faults",
                .object([
                    (
                        "get",
                        operation(
                            "listFaults",
                            "Every fault given: traffic faults with their state and counts, changes as applied",
                            responses: [json(200, "The faults", ref("FaultPage"))])
                    ),
                    (
                        "post",
                        operation(
                            "addFault", "Add a traffic fault, or apply a change (drift, auth, retireVersions) at once",
                            responses: [json(201, "The fault's record, with its id", ref("FaultRecord"))]
                                + errors([400, 422]), body: faultBody)
                    ),
                    (
                        "delete",
                        operation(
                            "clearFaults", "Clear every traffic fault (applied changes stay)", responses: [noContent])
                    ),
                ])
            ),
            (
                "/__admin/faults/{id}",
                .object([
                    (
                        "get",
                        operation(
                            "getFault", "One fault's record",
                            responses: [json(200, "The record", ref("FaultRecord"))] + errors([404]),
                            parameters: [faultID])
                    ),
                    (
                        "delete",
                        operation(
                            "clearFault", "Clear one traffic fault", responses: [noContent] + errors([404, 409]),
                            parameters: [faultID])
                    ),
                ])
            ),
            (
                "/__admin/drift",
                .object([
                    (
                        "post",
                        operation(
                            "applyDrift", "Apply a schema drift value",
                            responses: [json(201, "The change's record", ref("FaultRecord"))] + errors([400, 422]),
                            body: driftBody)
                    )
                ])
            ),
            (
                "/__admin/reset",
                .object([
                    (
                        "post",
                        operation(
                            "reset",
                            "Clear the faults, their record and the request log (the schema and the journal stay)",
                            responses: [noContent])
                    )
                ])
            ),
            (
                "/__admin/journal",
                .object([
                    (
                        "get",
                        operation(
                            "listJournal", "Journal entries after a sequence number",
                            responses: [json(200, "Entries and next_since", ref("JournalPage"))] + errors([400]),
                            parameters: [since, integerParameter("limit", "At most this many entries (default 1000).")])
                    )
                ])
            ),
            (
                "/__admin/requests",
                .object([
                    (
                        "get",
                        operation(
                            "listRequests", "The request log after a sequence number, narrowed by its filters, with the summary of what was kept",
                            responses: [json(200, "Entries, next_since and summary", ref("RequestPage"))]
                                + errors([400]), parameters: [since] + requestFilters)
                    )
                ])
            ),
            (
                "/__admin/openapi.json",
                .object([
                    (
                        "get",
                        operation(
                            "adminOpenAPI", "This document",
                            responses: [
                                json(200, "The admin API's OpenAPI document", .object([("type", .value("object"))]))
                            ])
                    )
                ])
            ),
        ]
    }
}

extension AdminOpenAPI {
    /// The fault value as one self-contained JSON Schema (2020-12), for
    /// `Scenarios/scenario.schema.json`'s `fault` definition: the same
    /// schemas with every reference written out and no OpenAPI discriminator.
    public static var inlineFaultSchema: JSONValue {
        let table = Dictionary(schemas.map { ($0.0, $0.1.plain) }, uniquingKeysWith: { first, _ in first })
        func inline(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let object):
                if case .string(let target)? = object["$ref"], let name = target.split(separator: "/").last,
                    let schema = table[String(name)]
                {
                    return inline(schema)
                }
                return .object(object.filter { $0.key != "discriminator" }.mapValues(inline))
            case .array(let items): return .array(items.map(inline))
            default: return value
            }
        }
        return inline(faultSchema.plain)
    }
}
