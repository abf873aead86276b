import FakeKit
import Foundation
import HTTP

/// `POST composite`: up to 25 subrequests in order, later ones naming
/// earlier results with `@{referenceId.field}`. The sObject writes
/// (create, update, delete) run as one store batch, so with `allOrNone`
/// a failure rolls every one of them back and nothing is journaled, as
/// Salesforce runs them in one transaction. Other subrequests are refused
/// with a clear error rather than run outside that transaction.
extension SalesforceAPI {
    static let compositeLimit = 25

    private struct Subrequest {
        let referenceID: String
        let method: HTTPMethod
        let url: String
        let body: JSONValue?
    }

    func composite(_ request: HTTPRequest) throws -> HTTPResponse {
        let version = try version(request)
        let body = try jsonObject(request)
        let allOrNone = body["allOrNone"]?.boolValue ?? false
        guard case .array(let items) = body["compositeRequest"] ?? .null else {
            throw SalesforceError(.badRequest, "JSON_PARSER_ERROR", "compositeRequest: a JSON array of subrequests is required")
        }
        guard items.count <= Self.compositeLimit else {
            throw SalesforceError(.badRequest, "LIMIT_EXCEEDED", "Composite request may have at most \(Self.compositeLimit) subrequests")
        }
        let subrequests = try items.map { item -> Subrequest in
            guard let reference = item["referenceId"]?.stringValue, let methodName = item["method"]?.stringValue, let url = item["url"]?.stringValue else {
                throw SalesforceError(.badRequest, "JSON_PARSER_ERROR", "each subrequest needs method, url and referenceId")
            }
            return Subrequest(referenceID: reference, method: HTTPMethod(rawValue: methodName.uppercased()), url: url, body: item["body"])
        }
        let prefix = "/services/data/v\(version)/sobjects/"
        let schema = store.schema
        var responses: [OrderedJSON] = []
        var resultsByReference: [String: [String: JSONValue]] = [:]
        var halted = false
        let actor = actor(request)
        // Each subrequest becomes a write or a refusal as the batch reaches
        // it, when the ids of the writes before it are known.
        var planned: [Int] = []  // the subrequest index of each write handed to the batch
        var pendingObject: [String] = []
        var refusals: [Int: SalesforceError] = [:]
        var nextIndex = 0
        let halt = SalesforceError(.badRequest, "PROCESSING_HALTED", "The transaction was rolled back since another operation in the same transaction failed.")
        let outcomes = store.batch(allOrNone: allOrNone, actor: actor, channel: "composite") { done in
            if let last = done.last, case .success(let record) = last {
                resultsByReference[subrequests[planned[done.count - 1]].referenceID] = ["id": .string(record.id)]
            }
            if allOrNone, done.contains(where: { if case .failure = $0 { true } else { false } }) { halted = true }
            while nextIndex < subrequests.count {
                let index = nextIndex
                nextIndex += 1
                let sub = subrequests[index]
                if halted {
                    refusals[index] = halt
                    continue
                }
                do {
                    let url = try CompositeReference.resolve(sub.url, resultsByReference)
                    let fieldsBody = try sub.body.map { value throws(CompositeReference.Failure) in try CompositeReference.resolve(value, resultsByReference) }
                    guard url.hasPrefix(prefix) else {
                        throw SalesforceError(
                            .badRequest, "INVALID_COMPOSITE_SUBREQUEST",
                            "This simulated org runs sObject create, update and delete subrequests under \(prefix) in composite; \(sub.method.rawValue) \(url) is not one")
                    }
                    let parts = url.dropFirst(prefix.count).split(separator: "/").map(String.init)
                    guard let objectName = parts.first, let object = schema.object(objectName) else { throw SalesforceError.notFound }
                    let fields: [String: JSONValue] = if case .object(let fields)? = fieldsBody { fields } else { [:] }
                    let operation: BatchOperation
                    switch (sub.method, parts.count) {
                    case (.post, 1): operation = .create(object: object.name, fields: try fieldValues(fields, object: object))
                    case (.patch, 2): operation = .update(id: try recordID(parts[1], object: object), fields: try fieldValues(fields, object: object))
                    case (.delete, 2): operation = .delete(id: try recordID(parts[1], object: object))
                    default:
                        throw SalesforceError(
                            .badRequest, "INVALID_COMPOSITE_SUBREQUEST",
                            "This simulated org runs sObject create, update and delete subrequests in composite; \(sub.method.rawValue) \(url) is not one")
                    }
                    planned.append(index)
                    pendingObject.append(object.name)
                    return operation
                } catch let error as SalesforceError {
                    refusals[index] = error
                } catch let error as CompositeReference.Failure {
                    guard case .unresolved(let name) = error else { continue }
                    refusals[index] = SalesforceError(
                        .badRequest, "PROCESSING_HALTED", "Invalid reference specified. No value for \(name) found in \(sub.referenceID).")
                } catch {
                    refusals[index] = SalesforceError(.badRequest, "UNKNOWN_EXCEPTION", "\(error)")
                }
                if allOrNone { halted = true }
            }
            return nil
        }
        let failed = outcomes.contains { if case .failure = $0 { true } else { false } } || !refusals.isEmpty
        let rolledBack = allOrNone && failed
        var outcomeIterator = outcomes.makeIterator()
        var objectIterator = pendingObject.makeIterator()
        for (index, sub) in subrequests.enumerated() {
            let status: Int
            var headers: [(String, OrderedJSON)] = []
            let bodyJSON: OrderedJSON
            if let refusal = refusals[index] {
                status = refusal.status.code
                bodyJSON = .array([refusal.body])
            } else {
                let outcome = outcomeIterator.next()!
                let object = objectIterator.next()!
                switch outcome {
                case .failure(let error):
                    let sf = SalesforceError(error, schema: schema, object: object)
                    status = sf.status.code
                    bodyJSON = .array([sf.body])
                case .success where rolledBack:
                    status = 400
                    bodyJSON = .array([SalesforceError(.badRequest, "PROCESSING_HALTED", "The transaction was rolled back since another operation in the same transaction failed.").body])
                case .success(let record):
                    if sub.method == .post {
                        status = 201
                        headers = [("Location", .value(.string("\(prefix)\(object)/\(record.id)")))]
                        bodyJSON = .object([("id", .value(.string(record.id))), ("success", .value(true)), ("errors", .array([]))])
                    } else {
                        status = 204
                        bodyJSON = .value(.null)
                    }
                }
            }
            responses.append(
                .object([("body", bodyJSON), ("httpHeaders", .object(headers)), ("httpStatusCode", .value(.int(status))), ("referenceId", .value(.string(sub.referenceID)))]))
        }
        return Self.ordered(.object([("compositeResponse", .array(responses))]))
    }
}
