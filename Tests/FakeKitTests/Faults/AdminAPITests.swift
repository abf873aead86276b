import Foundation
import HTTP
import Testing

@testable import FakeKit

@Suite(.tags(.inMemory)) struct AdminAPITests {
    static func world(boundHost: String = "127.0.0.1", token: String? = nil) -> (any HTTPHandler, FaultPipeline, Journal) {
        let clock = JournalClock()
        let journal = Journal(system: "crm", clock: clock)
        let pipeline = FaultPipeline(seed: 3, clock: clock, dialect: GenericFaultDialect { .text($0, "down") })
        let handler = ClosureHandler { _ in
            journal.append(actor: "c", operation: .create, object: "Account", recordID: "1", before: nil, after: [:], channel: "rest")
            return .text(.ok, "ok")
        }
        return (handler.with(pipeline).with(AdminAPI(faults: pipeline, journal: journal, boundHost: boundHost, token: token)), pipeline, journal)
    }

    static func call(_ handler: any HTTPHandler, _ method: HTTPMethod, _ target: String, _ body: String? = nil, headers: HTTPHeaders = [:]) -> (Int, JSONValue) {
        var request = HTTPRequest(method: method, target: target, headers: headers)
        if let body { request.body = Data(body.utf8) }
        let response = handler.respond(to: request)
        return (response.status.code, (try? JSONDecoder().decode(JSONValue.self, from: response.body)) ?? .null)
    }

    @Test func faultsAreAddedListedAndCleared() {
        let (handler, pipeline, _) = Self.world()
        let (status, added) = Self.call(handler, .post, "/__admin/faults", #"{"type":"outage","kind":"status","status":502}"#)
        #expect(status == 201 && added["id"] == 1 && added["state"] == "active" && added["type"] == "outage")
        #expect(Self.call(handler, .get, "/api/x").0 == 502)
        #expect(Self.call(handler, .get, "/__admin/faults").1["data"]?.arrayValue?.count == 1)
        #expect(Self.call(handler, .get, "/__admin/faults/1").1["affected"] == 1)
        #expect(Self.call(handler, .delete, "/__admin/faults/1").0 == 204)
        #expect(Self.call(handler, .delete, "/__admin/faults/1").0 == 404)
        #expect(Self.call(handler, .get, "/api/x").0 == 200)
        #expect(pipeline.log.count == 2, "admin requests are not logged")
    }

    @Test func badFaultsAreRefusedWithTheirReason() {
        let (handler, _, _) = Self.world()
        let (status, body) = Self.call(handler, .post, "/__admin/faults", #"{"type":"latency","latencyMs":5,"scope":{"probabilty":0.5}}"#)
        #expect(status == 400 && body["error"]?["code"] == "invalid_fault")
        #expect(body["error"]?["message"]?.stringValue?.hasPrefix("scope.probabilty: unknown key") == true, "\(body)")
        #expect(Self.call(handler, .post, "/__admin/faults", "not json").1["error"]?["code"] == "invalid_json")
        let refused = Self.call(handler, .post, "/__admin/drift", #"{"change":"deleteField","object":"Account","field":"Name"}"#)
        #expect(refused.0 == 422 && refused.1["error"]?["message"] == "this fake cannot apply 'drift' faults")
        #expect(Self.call(handler, .post, "/__admin/drift", #"{"type":"latency","latencyMs":1}"#).0 == 400)
        #expect(Self.call(handler, .get, "/__admin/nothing").0 == 404)
        #expect(Self.call(handler, .put, "/__admin/reset").0 == 405)
    }

    @Test func journalRequestsAndReset() {
        let (handler, pipeline, _) = Self.world()
        for _ in 0..<3 { _ = Self.call(handler, .get, "/api/x") }
        let journal = Self.call(handler, .get, "/__admin/journal?since=1").1
        #expect(journal["data"]?.arrayValue?.map { $0["sequence"] } == [2, 3] && journal["next_since"] == 3)
        #expect(journal["data"]?.arrayValue?.first?["time"]?.stringValue?.hasSuffix("Z") == true)
        let requests = Self.call(handler, .get, "/__admin/requests?since=1").1
        #expect(requests["data"]?.arrayValue?.count == 2 && requests["summary"]?["byRoute"]?["GET /api/x"] == 2)
        #expect(Self.call(handler, .get, "/__admin/requests?since=-1").0 == 400)
        pipeline.add(.latency(LatencyFault(latencyMs: 1)))
        #expect(Self.call(handler, .post, "/__admin/reset").0 == 204)
        #expect(pipeline.records.isEmpty && pipeline.log.count == 0)
    }

    @Test func theRequestLogIsFilteredAsAsked() {
        let (handler, pipeline, _) = Self.world()
        _ = Self.call(handler, .get, "/api/x")
        _ = Self.call(handler, .post, "/api/y")
        pipeline.add(.outage(OutageFault(kind: .status, status: 503)))
        _ = Self.call(handler, .get, "/api/x")
        func sequences(_ query: String) -> [JSONValue]? { Self.call(handler, .get, "/__admin/requests?\(query)").1["data"]?.arrayValue?.map { $0["sequence"] ?? .null } }
        #expect(sequences("method=GET") == [1, 3])
        #expect(sequences("route=POST%20/api/y") == [2])
        #expect(sequences("status=503") == [3])
        #expect(sequences("faulted=true") == [3])
        #expect(sequences("faulted=false&method=get") == [1])
        #expect(sequences("from=2999-01-01T00:00:00Z") == [])
        #expect(sequences("until=2999-01-01T00:00:00Z&since=2") == [3])
        let filtered = Self.call(handler, .get, "/__admin/requests?method=GET").1
        #expect(filtered["summary"]?["total"] == 2 && filtered["next_since"] == 3, "\(filtered)")
        for bad in ["status=abc", "faulted=yes", "from=yesterday"] {
            let (status, body) = Self.call(handler, .get, "/__admin/requests?\(bad)")
            #expect(status == 400 && body["error"]?["code"] == "invalid_parameter" && body["error"]?["field"]?.stringValue == String(bad.prefix { $0 != "=" }))
        }
    }

    @Test func offLoopbackTheTokenIsRequired() {
        #expect(AdminAPI.isLoopback("127.0.0.1") && AdminAPI.isLoopback("[::1]") && !AdminAPI.isLoopback("0.0.0.0") && !AdminAPI.isLoopback("10.1.2.3"))
        let (open, _, _) = Self.world(boundHost: "127.0.0.1", token: "t0k3n")
        #expect(Self.call(open, .get, "/__admin/faults").0 == 200, "loopback needs no token")
        let (closed, _, _) = Self.world(boundHost: "0.0.0.0", token: nil)
        #expect(Self.call(closed, .get, "/__admin/faults").0 == 403)
        let (guarded, _, _) = Self.world(boundHost: "0.0.0.0", token: "t0k3n")
        #expect(Self.call(guarded, .get, "/__admin/faults").0 == 401)
        #expect(Self.call(guarded, .get, "/__admin/faults", headers: ["X-Admin-Token": "wrong"]).0 == 401)
        #expect(Self.call(guarded, .get, "/__admin/faults", headers: ["X-Admin-Token": "t0k3n"]).0 == 200)
        #expect(Self.call(guarded, .get, "/api/x").0 == 200, "the API itself is not the admin API's to guard")
        #expect(Self.call(guarded, .get, "/__administrator").0 == 200, "only the /__admin path itself")
    }
}
