import FakeKit
import Foundation
import HTTP

extension HubSpotAPI {
    /// `POST /crm/v3/objects/{type}/search`: `{"total","results","paging":{"next":{"after"}}}`.
    func search(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, [scope(object, write: false)])
        let search = try HubSpotSearchRequest(try jsonObject(request), object: object)
        let engine = HubSpotSearchEngine(object: object)
        var view = HubSpotRecordView(object: object, properties: search.properties.isEmpty ? nil : search.properties)
        view.isPerson = isPerson
        return store.read { snapshot in
            let matching = engine.sorted(engine.candidates(snapshot, search).filter { engine.matches($0, search) }, search.sort)
            let end = min(matching.count, search.offset + search.limit, HubSpotSearchRequest.resultWindow)
            let page = search.offset < end ? Array(matching[search.offset..<end]) : []
            var pairs: [(String, OrderedJSON)] = [("total", .value(.int(matching.count))), ("results", .array(page.map { view.json($0) }))]
            if end < matching.count, search.limit > 0 {
                pairs.append(("paging", .object([("next", .object([("after", .value(.string(String(end))))]))])))
            }
            return Self.ordered(.object(pairs))
        }
    }
}
