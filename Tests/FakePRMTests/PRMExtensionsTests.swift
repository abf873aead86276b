import FakeKit
import Foundation
import HTTP
import Synchronization
import Testing

@testable import FakePRM

@Suite(.tags(.socket)) struct PRMExtensionsTests {
    @Test(arguments: [
        // RFC 4231 test cases 1, 2 and 6 (a key longer than the block).
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ])
    func hmacSHA256MatchesRFC4231(key: [UInt8], message: [UInt8], expected: String) {
        #expect(SHA256.hex(SHA256.hmac(key: key, message: message)) == expected)
    }

    @Test func sha256OfKnownInputs() {
        #expect(SHA256.hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func customFieldsAndObjectsAtRunTime() throws {
        let world = try PRMTestWorld()
        let field = world.call(.post, "/api/v1/schema/DealRegistration/fields", ["name": "Industry__c", "type": "picklist", "picklistValues": ["Healthcare", "Retail"]])
        #expect(field.status == 201)
        #expect(world.call(.post, "/api/v1/schema/DealRegistration/fields", ["name": "Industry__c", "type": "string"]).code == "duplicate")
        #expect(world.call(.post, "/api/v1/schema/DealRegistration/fields", ["name": "X__c", "type": "blob"]).code == "invalid_choice")
        #expect(world.call(.post, "/api/v1/schema/DealRegistration/fields", ["name": "X__c", "type": "string", "colour": 1]).code == "unknown_field")
        #expect(world.prm.journal.all.last?.operation == .schema)
        let registration = world.call(.post, "/api/v1/deal-registrations", ["partnerId": .string(world.id("northwind")), "customerName": "St. Elsewhere", "Industry__c": "Healthcare"]).json
        #expect(registration["Industry__c"] == "Healthcare")
        let object = world.call(.post, "/api/v1/schema", ["name": "Invoice__c", "label": "Invoice", "fields": [["name": "Total__c", "type": "currency"], ["name": "Number__c", "type": "string", "required": true]]])
        #expect(object.status == 201)
        let invoice = world.call(.post, "/api/v1/objects/Invoice__c", ["Number__c": "INV-1", "Total__c": 12.5])
        #expect(invoice.status == 201)
        #expect(world.call(.get, "/api/v1/objects/Invoice__c").ids.count == 1)
        #expect(world.call(.get, "/api/v1/schema").json["objects"]?.arrayValue?.contains { $0["name"] == "Invoice__c" } == true)
        #expect(world.call(.get, "/api/v1/schema", as: "nina").code == "forbidden")
        #expect(world.call(.get, "/api/v1/objects/Invoice__c", as: "nina").code == "forbidden")
    }

    @Test func rulesOnMirroredFieldsFire() throws {
        let world = try PRMTestWorld()
        _ = world.call(.post, "/api/v1/schema/DealRegistration/fields", ["name": "Industry__c", "type": "string"])
        _ = world.call(.post, "/api/v1/schema/DealRegistration/fields", ["name": "Segment__c", "type": "string"])
        let rule = world.call(.post, "/api/v1/rules", ["name": "Healthcare desk", "object": "DealRegistration", "when": ["field": "Industry__c", "equals": "Healthcare"], "set": ["field": "Segment__c", "value": "Healthcare Vertical"]])
        #expect(rule.status == 201)
        let routed = world.call(.post, "/api/v1/deal-registrations", ["partnerId": .string(world.id("northwind")), "customerName": "Mercy General", "Industry__c": "Healthcare"]).json
        #expect(routed["Segment__c"] == "Healthcare Vertical")
        let other = world.call(.post, "/api/v1/deal-registrations", ["partnerId": .string(world.id("northwind")), "customerName": "Bluth Company", "Industry__c": "Retail"]).json
        #expect(other["Segment__c"] == .null)
        #expect(world.call(.post, "/api/v1/rules", ["name": "bad", "object": "DealRegistration", "when": ["field": "Nope__c", "equals": 1], "set": ["field": "Segment__c", "value": "x"]]).code == "invalid_value")
    }

    /// A loopback receiver that fails its first `failures` deliveries.
    final class Receiver: Sendable {
        let received = Mutex<[(headers: HTTPHeaders, body: Data)]>([])
        let failures: Int
        init(failures: Int) { self.failures = failures }

        func handle(_ request: HTTPRequest) -> HTTPResponse {
            let count = received.withLock { list -> Int in
                list.append((request.headers, request.body))
                return list.count
            }
            return count <= failures ? .text(.serviceUnavailable, "busy") : .text(.ok, "ok")
        }
    }

    @Test(.timeLimit(.minutes(1))) func webhooksAreSignedAndRetried() throws {
        let prm = try PRMFake(program: .bundled("default"), clock: JournalClock(), apiKey: "test-key", webhookRetryDelays: [0.05, 0.05, 0.05])
        let world = PRMTestWorld(prm: prm)
        let receiver = Receiver(failures: 2)
        let server = try HTTPServer(handler: ClosureHandler { receiver.handle($0) })
        try server.start()
        defer { server.stop() }
        let created = world.call(.post, "/api/v1/webhooks", ["url": .string("http://127.0.0.1:\(server.port)/hook"), "events": ["deal_registration.created"], "secret": "whsec"])
        #expect(created.status == 201)
        #expect(world.call(.post, "/api/v1/webhooks", ["url": "http://example.com/hook"]).code == "invalid_value")
        let id = world.register("northwind", customer: "Gringotts").json["id"]
        var deliveries: [WebhookDelivery] = []
        for _ in 0..<200 {
            deliveries = prm.webhookDeliveries
            if deliveries.contains(where: \.succeeded) { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(deliveries.map(\.attempt) == [1, 2, 3])
        #expect(deliveries.map(\.status) == [503, 503, 200])
        let last = try #require(receiver.received.withLock { $0.last })
        let expected = "sha256=" + SHA256.hex(SHA256.hmac(key: Array("whsec".utf8), message: Array(last.body)))
        #expect(last.headers["X-PRM-Signature"] == expected)
        #expect(last.headers["X-PRM-Event"] == "deal_registration.created")
        let payload = try JSONDecoder().decode(JSONValue.self, from: last.body)
        #expect(payload["data"]?["id"] == id)
        #expect(payload["data"]?["record"]?["customerName"] == "Gringotts")
        let listed = world.call(.get, "/api/v1/webhooks/\(created.json["id"]?.stringValue ?? "")/deliveries")
        #expect(listed.json["data"]?.arrayValue?.count == 3)
    }
}

extension PRMTestWorld {
    init(prm: PRMFake) { self.prm = prm }
}

@Suite(.tags(.inMemory)) struct PRMRateLimitTests {
    @Test func quotaHeadersAnd429WithRetryAfter() throws {
        let prm = try PRMFake(program: .bundled("default"), clock: JournalClock(manualStart: Date(timeIntervalSince1970: 1_800_000_000)), apiKey: "test-key", rateLimit: 2, rateLimitWindowSeconds: 30)
        let world = PRMTestWorld(prm: prm)
        let first = world.call(.get, "/api/v1/partners")
        #expect(first.response.headers["X-RateLimit-Limit"] == "2" && first.response.headers["X-RateLimit-Remaining"] == "1")
        #expect(first.response.headers["X-RateLimit-Reset"] == "30")
        #expect(world.call(.get, "/api/v1/partners").status == 200)
        let refused = world.call(.get, "/api/v1/partners")
        #expect(refused.status == 429 && refused.code == "rate_limited")
        #expect(refused.response.headers["Retry-After"] == "30")
        #expect(refused.response.headers["X-RateLimit-Remaining"] == "0")
        // Each caller has its own quota.
        #expect(world.call(.get, "/api/v1/partners", as: "nina").status == 200)
    }
}
