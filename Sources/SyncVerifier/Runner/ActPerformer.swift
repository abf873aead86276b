import FakeCRM
import FakeKit
import FakePRM
import Foundation
import HTTP

/// Plays a scenario's acts as the people in them would: CRM users edit
/// records in the CRM's own UI (store writes journaled under their user id,
/// with the org's validation rules), PRM staff and partner users go through
/// the PRM's API with their own credentials, so its rules (conflict checks,
/// incentives, status machines) apply exactly as for any other caller.
struct ActPerformer {
    let world: World
    let bindings: BindingTable
    let scenarioTag: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Performs the act; returns the ids of the records it touched and any sentinels it wrote.
    func perform(_ act: Act, sentinels factory: inout SentinelFactory) throws -> (ids: [String], sentinels: [Sentinel]) {
        var ids: [String] = []
        var sentinels: [Sentinel] = []
        for index in 1...act.count {
            var fields: [String: JSONValue] = [:]
            for (name, template) in act.fields { fields[name] = try bindings.resolve(template, index: index) }
            var written: [(FieldDefinition, JSONValue)] = []
            if act.sentinels, let object = objectDefinition(act) {
                written = factory.values(for: object, excluding: Set(fields.keys))
                for (field, value) in written { fields[field.name] = value }
            }
            let id = try act.id.map { try bindings.resolve($0, index: index) }.map { value -> String in
                guard let text = value.stringValue else { throw Failure(description: "the id resolved to \(value), not a record id") }
                return text
            }
            let touched = act.side == world.prmID ? try prm(act, id: id, fields: fields) : try crm(act, id: id, fields: fields)
            ids.append(touched)
            sentinels += written.map {
                Sentinel(side: act.side, object: objectDefinition(act)?.name ?? act.object, recordId: touched, field: $0.0.name, type: $0.0.type.rawValue, value: $0.1)
            }
        }
        if let bind = act.bind, let first = ids.first { bindings.bind(bind, side: act.side, id: first) }
        return (ids, sentinels)
    }

    private func objectDefinition(_ act: Act) -> ObjectDefinition? {
        let store = world.store(act.side)
        return store.schema.object(act.side == world.prmID ? (PRMResourceCatalog.object(forPath: act.object) ?? act.object) : act.object)
    }

    // MARK: CRM

    /// People edit CRM records in the CRM's own UI: store writes under their
    /// user, with the org's validation rules, and the dialect's own actions.
    private func crm(_ act: Act, id: String?, fields: [String: JSONValue]) throws -> String {
        guard let system = world.crm(act.side) else { throw Failure(description: "no CRM '\(act.side)' in this world") }
        let store = system.store
        do {
            let actor = try system.person(named: act.actor)
            switch act.verb {
            case .create: return try store.create(act.object, fields, actor: actor, channel: "ui").id
            case .update: return try store.update(id: id!, fields, actor: actor, channel: "ui").id
            case .delete: return try store.delete(id: id!, actor: actor, channel: "ui").id
            case .undelete: return try store.undelete(id: id!, actor: actor, channel: "ui").id
            case .convertLead: return try system.convertLead(id!, fields: fields, actor: actor)
            case .setStatus: throw Failure(description: "setStatus is a PRM act")
            }
        } catch let error as StoreError {
            throw Failure(description: "the CRM '\(act.side)' refused the \(act.verb.rawValue) of \(act.object): \(error)")
        } catch let error as CRMDialectError {
            throw Failure(description: error.description)
        }
    }

    // MARK: PRM

    private func prm(_ act: Act, id: String?, fields: [String: JSONValue]) throws -> String {
        let token: String
        switch act.actor {
        case nil, "staff": token = world.prm.staffKey
        case let actor?:
            let ref = String(actor.dropFirst("partner:".count))
            guard let partnerToken = world.prm.partnerUserTokens[ref] else { throw Failure(description: "no partner user '\(ref)'") }
            token = partnerToken
        }
        if act.object == "rules" { return try call(.post, "/api/v1/rules", fields, token: world.prm.staffKey, act: act, idKey: "name") }
        let base = PRMResourceCatalog.object(forPath: act.object) != nil ? "/api/v1/\(act.object)" : "/api/v1/objects/\(act.object)"
        switch act.verb {
        case .create:
            let id = try call(.post, base, fields, token: token, act: act)
            if let status = act.status {
                // Registered, then moved on by channel staff (approved, say).
                _ = try call(.post, "\(base)/\(id)/status", ["status": .string(status)], token: world.prm.staffKey, act: act)
            }
            return id
        case .update: return try call(.patch, "\(base)/\(id!)", fields, token: token, act: act)
        case .setStatus:
            var body = fields
            body["status"] = .string(act.status ?? "")
            return try call(.post, "\(base)/\(id!)/status", body, token: token, act: act)
        case .delete, .undelete:
            // The PRM's API has no deletes (records are closed by status);
            // staff remove a record in the PRM's back office.
            let store = world.prm.store
            do {
                return act.verb == .delete
                    ? try store.delete(id: id!, actor: "api-key:staff", channel: "ui").id
                    : try store.undelete(id: id!, actor: "api-key:staff", channel: "ui").id
            } catch {
                throw Failure(description: "the PRM refused the \(act.verb.rawValue): \(error)")
            }
        case .convertLead: throw Failure(description: "convertLead is a CRM act")
        }
    }

    private func call(_ method: HTTPMethod, _ path: String, _ body: [String: JSONValue], token: String, act: Act, idKey: String = "id") throws -> String {
        var headers = HTTPHeaders()
        headers["Authorization"] = "Bearer \(token)"
        headers["Content-Type"] = "application/json"
        headers["Host"] = "127.0.0.1"
        let data = try JSONEncoder().encode(JSONValue.object(body))
        let response = world.prm.api.respond(to: HTTPRequest(method: method, target: path, headers: headers, body: data))
        let text = String(decoding: response.body, as: UTF8.self)
        guard response.status.code < 300 else {
            throw Failure(description: "the PRM answered \(response.status.code) to \(method.rawValue) \(path): \(text)")
        }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: response.body), let id = json[idKey]?.stringValue else {
            throw Failure(description: "the PRM's answer to \(method.rawValue) \(path) has no id: \(text)")
        }
        return id
    }
}
