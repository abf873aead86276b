import FakeKit
import Foundation
import HTTP

extension SalesforceAPI {
    /// The `start`/`end` window of the replication resources, truncated to
    /// the minute as Salesforce does, and checked by its rules. An end in the
    /// future is capped at the present moment rather than at the start of the
    /// current minute, so that scenarios lasting seconds can use the feed.
    private func window(_ request: HTTPRequest) throws -> (start: Date, end: Date, now: Date) {
        guard let startText = request.query("start"), let endText = request.query("end") else {
            throw SalesforceError(.badRequest, "MISSING_ARGUMENT", "start and end dates are required")
        }
        guard let rawStart = DateFormats.parseDateTime(startText) else {
            throw SalesforceError(.badRequest, "INVALID_REPLICATION_DATE", "Invalid start date: \(startText)")
        }
        guard let rawEnd = DateFormats.parseDateTime(endText) else {
            throw SalesforceError(.badRequest, "INVALID_REPLICATION_DATE", "Invalid end date: \(endText)")
        }
        func minute(_ date: Date) -> Date { Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60) }
        let now = clock.now()
        let start = minute(rawStart)
        let end = rawEnd >= now ? now : minute(rawEnd)
        guard start < end || rawStart < rawEnd else {
            throw SalesforceError(.badRequest, "INVALID_REPLICATION_DATE", "startDate must chronologically precede endDate")
        }
        guard now.timeIntervalSince(start) <= 30 * 86400 else {
            throw SalesforceError(.badRequest, "INVALID_REPLICATION_DATE", "startDate cannot be more than 30 days ago")
        }
        return (start, end, now)
    }

    /// `GET sobjects/{Obj}/updated/?start=&end=`: ids changed in the window.
    func updated(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let object = try objectDefinition(request)
        let (start, end, _) = try window(request)
        let ids = store.records(of: object.name).filter { $0.modifiedAt >= start && $0.modifiedAt < end }
            .sorted { $0.modifiedAt < $1.modifiedAt }.map { OrderedJSON.value(.string($0.id)) }
        return Self.ordered(.object([("ids", .array(ids)), ("latestDateCovered", .value(.string(DateFormats.formatDateTime(end))))]))
    }

    /// `GET sobjects/{Obj}/deleted/?start=&end=`: records deleted in the window.
    func deleted(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let object = try objectDefinition(request)
        let (start, end, now) = try window(request)
        let records = store.records(of: object.name, includeDeleted: true).filter {
            guard $0.isDeleted, let deletedAt = $0.deletedAt else { return false }
            return deletedAt >= start && deletedAt < end
        }
        let items = records.map { record -> OrderedJSON in
            .object([
                ("deletedDate", .value(.string(DateFormats.formatDateTime(record.deletedAt!)))), ("id", .value(.string(record.id))),
            ])
        }
        let earliest = now.addingTimeInterval(-15 * 86400)
        return Self.ordered(
            .object([
                ("deletedRecords", .array(items)), ("earliestDateAvailable", .value(.string(DateFormats.formatDateTime(earliest)))),
                ("latestDateCovered", .value(.string(DateFormats.formatDateTime(end)))),
            ]))
    }
}
