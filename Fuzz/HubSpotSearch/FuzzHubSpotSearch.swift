// libFuzzer entry point for HubSpot search bodies (`POST
// /crm/v3/objects/{type}/search`): the whole request through the HubSpot
// fake's API (bearer-token check, JSON parsing, the filter-group and operator checks, the caps,
// the engine over the bundled portal), built by run.sh (see Fuzz/README.md).
//
// The first byte picks the object type; the rest is the body. The manual
// clock moves a second per input, so the per-second search limit and the
// daily allowance never answer instead of the parser. Oracle besides "no
// crash": the answer is 200 or 400; a 400 is HubSpot's error object (status
// "error", a category, a message); a 200 is a page (`total` ≥ the results
// on it, at most 200 results, each with an `id` and `properties`, `paging`
// only when there is a next page).

import FakeCRM
import FakeKit
import Foundation
import HTTP

private let objectTypes = ["contacts", "companies", "deals", "0-3", "leads"]
private let clock = JournalClock(manualStart: Date(timeIntervalSince1970: 1_800_000_000))
private let portal: any CRMSystem = {
    let dialect = HubSpotDialect()
    return try! dialect.makeSystem(CRMSystemSettings(name: "crm", org: try! dialect.bundledOrg(dialect.defaultOrgName), clock: clock))
}()
private let token = portal.connectorVariable("SV_CRM_ACCESS_TOKEN", baseURL: "https://127.0.0.1")!

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHubSpotSearch(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    clock.advance(by: 1)
    let object = objectTypes[Int(data[0]) % objectTypes.count]
    var headers = HTTPHeaders()
    headers["Authorization"] = "Bearer \(token)"
    headers["Content-Type"] = "application/json"
    let request = HTTPRequest(
        method: .post, target: "/crm/v3/objects/\(object)/search", headers: headers, body: Data(UnsafeBufferPointer(start: data + 1, count: size - 1)))
    let response: HTTPResponse
    do {
        // The API without the fault layer, whose request log would keep every input.
        response = try portal.api.handle(request)
    } catch let error as any HTTPResponseError {
        response = error.response
    } catch {
        preconditionFailure("the API threw what is not an answer: \(error)")
    }
    let body = try? JSONDecoder().decode(JSONValue.self, from: response.body)
    switch response.status.code {
    case 200:
        guard case .object(let page)? = body, case .int(let total)? = page["total"], case .array(let results)? = page["results"] else {
            preconditionFailure("a 200 that is not a search page: \(String(decoding: response.body.prefix(300), as: UTF8.self))")
        }
        precondition(results.count <= 200 && total >= results.count, "total \(total) with \(results.count) results")
        for result in results {
            precondition(result["id"]?.stringValue?.isEmpty == false && result["properties"]?.objectValue != nil, "a result without id or properties")
        }
        if let paging = page["paging"] {
            precondition(paging["next"]?["after"]?.stringValue?.isEmpty == false, "paging without a next cursor: \(paging)")
        }
    case 400:
        guard case .object(let error)? = body else { preconditionFailure("a 400 that is not HubSpot's error object") }
        precondition(error["status"] == .string("error"), "a 400 without status error: \(error)")
        precondition(error["category"]?.stringValue?.isEmpty == false && error["message"]?.stringValue?.isEmpty == false, "a 400 without category or message: \(error)")
    default:
        preconditionFailure("unexpected \(response.status.code): \(String(decoding: response.body.prefix(300), as: UTF8.self))")
    }
    return 0
}
