import Foundation
import HTTP

/// The PRM's REST API as a connector uses it, honouring `Retry-After`.
final class PRMSession {
    let env: ConnectorEnvironment
    let transport: Transport

    init(env: ConnectorEnvironment, transport: Transport) {
        self.env = env
        self.transport = transport
    }

    func call(_ method: HTTPMethod, _ path: String, body: Any? = nil) throws(RemoteError) -> Any? {
        var headers = HTTPHeaders()
        headers["Authorization"] = "Bearer \(env.prmKey)"
        headers["Accept"] = "application/json"
        if body != nil { headers["Content-Type"] = "application/json" }
        let url = env.prmURL + "/api/v1" + path
        let response = try transport.send(method, url, headers: headers, body: body.map(JSONBody.encode) ?? Data())
        let error = (response.json as? [String: Any])?["error"] as? [String: Any]
        switch response.status {
        case 200..<300: return response.json
        case 429:
            // Not one request before the moment it names.
            let wait = Double(response.headers["Retry-After"] ?? "") ?? 1
            transport.backOff(url, seconds: wait)
            throw .throttled("429 from the PRM", waitSeconds: wait)
        case 401 where error?["code"] as? String == "unauthorized", 403 where error?["code"] as? String == "unauthorized":
            throw .authentication("the PRM refused the API key: \(error?["message"] as? String ?? "")")
        case 500...599: throw .transient("\(method.rawValue) \(path): \(response.status)")
        default:
            throw .permanent(status: response.status, "\(error?["code"] as? String ?? "error"): \(error?["message"] as? String ?? String(decoding: response.body, as: UTF8.self))")
        }
    }

    func retrying(_ what: String, _ method: HTTPMethod, _ path: String, body: Any? = nil) throws(RemoteError) -> [String: Any] {
        (try transport.withRetries(what) { () throws(RemoteError) in try call(method, path, body: body) } as? [String: Any]) ?? [:]
    }

    func list(_ resource: String) throws(RemoteError) -> [[String: Any]] {
        var records: [[String: Any]] = []
        var cursor: String?
        repeat {
            let page = try retrying("list \(resource)", .get, "/\(resource)?limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""))
            records += (page["data"] as? [[String: Any]]) ?? []
            cursor = page["next_cursor"] as? String
        } while cursor != nil
        return records
    }

    func get(_ resource: String, _ id: String) throws(RemoteError) -> [String: Any] { try retrying("get \(resource)", .get, "/\(resource)/\(id)") }
    func create(_ resource: String, _ fields: [String: Any]) throws(RemoteError) -> [String: Any] { try retrying("create \(resource)", .post, "/\(resource)", body: fields) }
    func update(_ resource: String, _ id: String, _ fields: [String: Any]) throws(RemoteError) -> [String: Any] {
        try retrying("update \(resource)", .patch, "/\(resource)/\(id)", body: fields)
    }
    func setStatus(_ resource: String, _ id: String, _ body: [String: Any]) throws(RemoteError) -> [String: Any] {
        try retrying("status \(resource)", .post, "/\(resource)/\(id)/status", body: body)
    }

    /// Journal entries after `since`: (entries, next since).
    func changes(since: Int) throws(RemoteError) -> ([[String: Any]], Int) {
        let page = try retrying("changes", .get, "/changes?since=\(since)&limit=1000")
        return ((page["data"] as? [[String: Any]]) ?? [], (page["next_since"] as? Int) ?? since)
    }
}
