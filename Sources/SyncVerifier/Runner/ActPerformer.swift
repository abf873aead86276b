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
            let touched = act.side == .crm ? try crm(act, id: id, fields: fields) : try prm(act, id: id, fields: fields)
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
        return store.schema.object(act.side == .prm ? (PRMResourceCatalog.object(forPath: act.object) ?? act.object) : act.object)
    }

    // MARK: CRM

    /// The CRM user an act runs as: the named one, or the first seeded user
    /// who is not the connector's integration user (a sales rep).
    private func crmUser(_ name: String?) throws -> String {
        let users = world.crm.store.records(of: "User")
        if let name {
            guard let user = users.first(where: { $0["Username"].stringValue == name }) else { throw Failure(description: "no CRM user '\(name)'") }
            return user.id
        }
        return (users.first { $0.id != world.crm.integrationUserID } ?? users.first)?.id ?? "harness"
    }

    private func crm(_ act: Act, id: String?, fields: [String: JSONValue]) throws -> String {
        let store = world.crm.store
        let actor = try crmUser(act.actor)
        do {
            switch act.verb {
            case .create: return try store.create(act.object, fields, actor: actor, channel: "ui").id
            case .update: return try store.update(id: id!, fields, actor: actor, channel: "ui").id
            case .delete: return try store.delete(id: id!, actor: actor, channel: "ui").id
            case .undelete: return try store.undelete(id: id!, actor: actor, channel: "ui").id
            case .convertLead: return try convertLead(id!, fields: fields, actor: actor)
            case .setStatus: throw Failure(description: "setStatus is a PRM act")
            }
        } catch let error as StoreError {
            throw Failure(description: "the CRM refused the \(act.verb.rawValue) of \(act.object): \(error)")
        }
    }

    /// What Salesforce's Convert button does: an account, a contact and an
    /// opportunity from the lead, and the lead marked converted.
    private func convertLead(_ id: String, fields: [String: JSONValue], actor: String) throws -> String {
        let store = world.crm.store
        guard let lead = store.record(id: id), lead.object == "Lead" else { throw Failure(description: "no Lead \(id)") }
        let company = lead["Company"].stringValue ?? "Unknown company"
        let account = try store.create("Account", ["Name": .string(company)], actor: actor, channel: "ui")
        var contactFields: [String: JSONValue] = ["LastName": lead["LastName"], "AccountId": .string(account.id)]
        for name in ["FirstName", "Email", "Phone", "Title"] where !lead[name].isNull { contactFields[name] = lead[name] }
        let contact = try store.create("Contact", contactFields, actor: actor, channel: "ui")
        let closeDate = DateFormats.formatDate(world.clock.now().addingTimeInterval(30 * 86_400))
        var opportunityFields: [String: JSONValue] = [
            "Name": .string(company + " - "), "AccountId": .string(account.id), "StageName": "Prospecting", "CloseDate": .string(closeDate),
        ]
        for (name, value) in fields { opportunityFields[name] = value }
        let opportunity = try store.create("Opportunity", opportunityFields, actor: actor, channel: "ui")
        _ = try store.update(
            id: id,
            ["IsConverted": true, "Status": "Closed - Converted", "ConvertedDate": .string(DateFormats.formatDate(world.clock.now())),
             "ConvertedAccountId": .string(account.id), "ConvertedContactId": .string(contact.id), "ConvertedOpportunityId": .string(opportunity.id)],
            actor: actor, channel: "ui")
        return id
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
