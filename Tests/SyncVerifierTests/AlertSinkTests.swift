import FakeKit
import Foundation
import HTTP
import Testing
@testable import SyncVerifier

@Suite("Alert sink", .tags(.inMemory))
struct AlertSinkTests {
    func post(_ sink: AlertSink, _ body: String, method: HTTPMethod = .post) -> HTTPResponse {
        sink.respond(to: HTTPRequest(method: method, target: "/alerts", body: Data(body.utf8)))
    }

    @Test func acceptsContractAlertsAndSlackBodiesOnTheJournalClock() {
        let clock = JournalClock(manualStart: Date(timeIntervalSince1970: 1_800_000_000))
        let sink = AlertSink(clock: clock)
        #expect(post(sink, #"{"severity":"error","message":"cannot sync","object":"Opportunity","recordId":"006A"}"#).status == .ok)
        clock.advance(by: 2)
        #expect(post(sink, #"{"text":"Sync failed for Account 001B"}"#).status == .ok)
        let alerts = sink.alerts
        #expect(alerts.count == 2)
        #expect(alerts[0].object == "Opportunity" && alerts[0].recordId == "006A" && alerts[0].severity == "error")
        #expect(alerts[1].message == "Sync failed for Account 001B")
        #expect(alerts[1].time.timeIntervalSince(alerts[0].time) == 2)
    }

    @Test func refusesWhatIsNotAnAlert() {
        let sink = AlertSink(clock: JournalClock())
        #expect(post(sink, "not json").status == .badRequest)
        #expect(post(sink, #"{"severity":"error"}"#).status == .badRequest)
        #expect(post(sink, "", method: .get).status == .methodNotAllowed)
        #expect(sink.alerts.isEmpty)
    }
}
