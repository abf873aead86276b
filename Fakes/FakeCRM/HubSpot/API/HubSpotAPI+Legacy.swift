import FakeKit
import Foundation
import HTTP

/// The v1/v2 shapes open-source connectors still call (Singer's
/// `tap-hubspot`, older Airbyte streams): properties v1/v2, companies v2
/// `paged` with `offset`/`has-more`, deals v1 `paged`, contacts v1 "all
/// contacts" with `vidOffset`; values as `{value, timestamp, source, versions}`
/// and dates as epoch milliseconds.
extension HubSpotAPI {
    static func millis(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }

    /// A value as v1/v2 write it: numbers and text as strings, dates as epoch milliseconds.
    func legacyValue(_ name: String, of record: Record, object: ObjectDefinition) -> String? {
        let field = object.field(name)
        let stored = HubSpotRecordView.value(name, of: record, object: object)
        guard !stored.isNull else { return nil }
        if field?.type == .datetime || field?.type == .date, let number = HubSpotValues.comparable(stored, for: field) { return String(Int(number)) }
        return HubSpotValues.output(stored, for: field).stringValue
    }

    func legacyProperties(_ record: Record, object: ObjectDefinition, names: [String], versions: Bool) -> OrderedJSON {
        var pairs: [(String, OrderedJSON)] = []
        for name in names {
            guard let field = object.field(name), let value = legacyValue(field.name, of: record, object: object) else { continue }
            let timestamp = Self.millis(record.modifiedAt)
            var entry: [(String, OrderedJSON)] = [
                ("value", .value(.string(value))), ("timestamp", .value(.int(timestamp))), ("source", .value("API")), ("sourceId", .value(.null)),
            ]
            if versions {
                entry.append(("versions", .array([
                    .object([
                        ("name", .value(.string(field.name))), ("value", .value(.string(value))), ("timestamp", .value(.int(timestamp))),
                        ("source", .value("API")), ("sourceVid", .array([])),
                    ])
                ])))
            }
            pairs.append((field.name, .object(entry)))
        }
        return .object(pairs)
    }

    /// `GET /properties/v1|v2/{object}/properties`: a bare array, dates as epoch milliseconds.
    func legacyProperties(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request, parameter: "object")
        try require(request, schemaScopes(object, write: false))
        let born = Self.millis(catalog.bornAt)
        let list = object.fields.map { field -> OrderedJSON in
            let metadata = catalog.metadata(object.name, field.name)
            let natural = HubSpotPropertyType.natural(for: field)
            return .object([
                ("name", .value(.string(field.name))), ("label", .value(.string(field.label))), ("description", .value(.string(metadata.description))),
                ("groupName", .value(.string(metadata.groupName ?? HubSpotPropertyCatalog.defaultGroup(of: object)))),
                ("type", .value(.string(natural.type == "bool" ? "enumeration" : natural.type))), ("fieldType", .value(.string(metadata.fieldType ?? natural.fieldType))),
                ("options", .array(field.picklistValues.enumerated().map { index, option in
                    .object([
                        ("label", .value(.string(option.label))), ("value", .value(.string(option.value))), ("displayOrder", .value(.int(index))),
                        ("hidden", .value(.bool(!option.active))), ("readOnly", .value(false)),
                    ])
                })),
                ("hidden", .value(.bool(metadata.hidden))), ("calculated", .value(.bool(metadata.calculationFormula != nil))),
                ("externalOptions", .value(false)), ("hasUniqueValue", .value(.bool(field.unique))), ("readOnlyValue", .value(.bool(!field.updateable))),
                ("readOnlyDefinition", .value(.bool(!field.custom))), ("mutableDefinitionNotDeletable", .value(.bool(!field.custom))),
                ("formField", .value(.bool(metadata.formField))), ("displayOrder", .value(.int(metadata.displayOrder))),
                ("createdAt", .value(.int(metadata.createdAt.map(Self.millis) ?? born))), ("updatedAt", .value(.int(metadata.updatedAt.map(Self.millis) ?? born))),
                ("deleted", .value(false)), ("hubspotDefined", .value(.bool(!field.custom))),
            ])
        }
        return Self.ordered(.array(list))
    }

    /// Records of an object after the `offset` id, at most `limit` of them, with whether more follow.
    private func legacyPage(_ object: String, offset: Int, limit: Int) -> (records: [Record], hasMore: Bool, next: Int) {
        let records = store.records(of: object).filter { (Int($0.id) ?? 0) > offset }
        let page = Array(records.prefix(limit))
        return (page, records.count > limit, page.last.flatMap { Int($0.id) } ?? offset)
    }

    /// `GET /companies/v2/companies/paged?properties=…&limit=…&offset=…` → `{"companies","has-more","offset"}`.
    func legacyCompaniesPaged(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let object = store.schema.object("companies") else { throw HubSpotError.unknownObjectType("companies") }
        try require(request, [scope(object, write: false)])
        let limit = min(250, max(1, Int(request.query("limit") ?? "") ?? 100))
        let names = Self.list(request, "properties")
        let page = legacyPage(object.name, offset: Int(request.query("offset") ?? "") ?? 0, limit: limit)
        let companies = page.records.map { record -> OrderedJSON in
            .object([
                ("portalId", .value(.int(portalID))), ("companyId", .value(.int(Int(record.id) ?? 0))), ("isDeleted", .value(false)),
                ("properties", legacyProperties(record, object: object, names: names, versions: true)),
                ("additionalDomains", .array([])), ("stateChanges", .array([])), ("mergeAudits", .array([])),
            ])
        }
        return Self.ordered(.object([("companies", .array(companies)), ("has-more", .value(.bool(page.hasMore))), ("offset", .value(.int(page.next)))]))
    }

    /// `GET /deals/v1/deal/paged?properties=…&includeAssociations=true&limit=…&offset=…` → `{"deals","hasMore","offset"}`.
    func legacyDealsPaged(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let object = store.schema.object("deals") else { throw HubSpotError.unknownObjectType("deals") }
        try require(request, [scope(object, write: false)])
        let limit = min(250, max(1, Int(request.query("limit") ?? "") ?? 100))
        let names = Self.list(request, "properties") + Self.list(request, "propertiesWithHistory")
        let withAssociations = request.query("includeAssociations") == "true"
        let page = legacyPage(object.name, offset: Int(request.query("offset") ?? "") ?? 0, limit: limit)
        let deals = page.records.map { record -> OrderedJSON in
            var pairs: [(String, OrderedJSON)] = [("portalId", .value(.int(portalID))), ("dealId", .value(.int(Int(record.id) ?? 0))), ("isDeleted", .value(false))]
            if withAssociations {
                func ids(_ to: String) -> OrderedJSON {
                    .array(associations.links(from: record.id, fromObject: "deals", toObject: to) { store.record(id: $0) != nil }.map { .value(.int(Int($0.toID) ?? 0)) })
                }
                pairs.append(("associations", .object([("associatedVids", ids("contacts")), ("associatedCompanyIds", ids("companies")), ("associatedDealIds", .array([]))])))
            }
            pairs.append(("properties", legacyProperties(record, object: object, names: names, versions: true)))
            return .object(pairs)
        }
        return Self.ordered(.object([("deals", .array(deals)), ("hasMore", .value(.bool(page.hasMore))), ("offset", .value(.int(page.next)))]))
    }

    /// `GET /contacts/v1/lists/all/contacts/all?count=…&vidOffset=…&property=…` → `{"contacts","has-more","vid-offset"}`.
    func legacyContactsAll(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let object = store.schema.object("contacts") else { throw HubSpotError.unknownObjectType("contacts") }
        try require(request, [scope(object, write: false)])
        let limit = min(100, max(1, Int(request.query("count") ?? "") ?? 20))
        var names = Self.list(request, "property")
        if names.isEmpty { names = ["firstname", "lastname", "company", "lastmodifieddate"] }
        let page = legacyPage(object.name, offset: Int(request.query("vidOffset") ?? "") ?? 0, limit: limit)
        let contacts = page.records.map { record -> OrderedJSON in
            var properties: [(String, OrderedJSON)] = []
            for name in names {
                guard let value = legacyValue(name, of: record, object: object) else { continue }
                properties.append((name, .object([("value", .value(.string(value)))])))
            }
            let identities: [OrderedJSON] = record["email"].stringValue.map { email in
                [.object([("type", .value("EMAIL")), ("value", .value(.string(email))), ("timestamp", .value(.int(Self.millis(record.createdAt))))])]
            } ?? []
            return .object([
                ("addedAt", .value(.int(Self.millis(record.createdAt)))), ("vid", .value(.int(Int(record.id) ?? 0))),
                ("canonical-vid", .value(.int(Int(record.id) ?? 0))), ("merged-vids", .array([])), ("portal-id", .value(.int(portalID))),
                ("is-contact", .value(true)), ("properties", .object(properties)), ("form-submissions", .array([])),
                ("identity-profiles", .array([.object([("vid", .value(.int(Int(record.id) ?? 0))), ("identities", .array(identities))])])),
                ("merge-audits", .array([])),
            ])
        }
        return Self.ordered(.object([("contacts", .array(contacts)), ("has-more", .value(.bool(page.hasMore))), ("vid-offset", .value(.int(page.next)))]))
    }
}
