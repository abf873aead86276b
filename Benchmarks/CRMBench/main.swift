import FakeCRM
import FakeKit
import Foundation
import HTTP

// Benchmarks of the Salesforce fake (Benchmarks/crm/run.sh runs them):
//   sv-bench-crm seed N        bulk-load N Accounts; prints seconds and peak resident MiB
//   sv-bench-crm soql          p50 of an indexed equality and an unindexed LIKE over 100k Accounts
//   sv-bench-crm paging        seconds to page through 100k Accounts with query + nextRecordsUrl
//   sv-bench-crm bulk          rows/s of a Bulk API 2.0 query job over 100k Accounts (CSV pages of
//                              50,000 by Sforce-Locator, each parsed) beside REST query paging over
//                              the same records, in one run
//   sv-bench-crm serve         serve plain HTTP with 1,000 Accounts; prints port, token and one id
//   sv-bench-crm layer         in process, one thread: GET-by-id through the API alone and through the
//                              fault layer with no fault, alternating batches; median µs per request
//   sv-bench-crm hubspot       in process, one thread: GET-by-id and search over 100k companies in the
//                              HubSpot fake, beside GET-by-id and SOQL over 100k Accounts in the Salesforce
//                              fake, in the same run; medians and HubSpot/Salesforce ratios
//   sv-bench-crm faults        serve one org three ways: its API alone, behind the fault layer with no
//                              fault, and (a second org) behind a 50 ms latency fault; prints the ports

func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func makeOrg(accounts: Int) throws -> (SalesforceFake, String) {
    // A daily allowance no run spends: past 100,000 calls every answer would be a quick 403.
    let fake = try SalesforceFake(
        org: .bundled("partner-channel"), clock: JournalClock(), clientID: "bench", clientSecret: "bench", dailyAPILimit: 1_000_000_000)
    let batch = 10_000
    for start in stride(from: 0, to: accounts, by: batch) {
        let rows = (start..<min(start + batch, accounts)).map { i -> [String: JSONValue] in
            ["Name": .string("Account \(i)"), "PRM_Partner_Id__c": .string("prt_\(i)"), "Industry": .string(i % 2 == 0 ? "Technology" : "Retail"),
             "AnnualRevenue": .int(i * 10), "BillingCity": .string("City \(i % 100)")]
        }
        try fake.store.bulkLoad("Account", rows, actor: "bench")
    }
    let token = try fake.oauth.grant(type: "client_credentials", clientID: "bench", clientSecret: "bench", wantsRefreshToken: false).accessToken
    return (fake, token)
}

func call(_ fake: SalesforceFake, _ token: String, _ target: String) -> HTTPResponse {
    fake.handler.respond(to: HTTPRequest(method: .get, target: target, headers: ["Authorization": "Bearer \(token)", "Host": "127.0.0.1"]))
}

func encode(_ soql: String) -> String { soql.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "seed":
    let count = Int(arguments.dropFirst().first ?? "1000000") ?? 1_000_000
    let fake = try SalesforceFake(org: .bundled("partner-channel"), clock: JournalClock())
    // The input rows are made first (as a seed file would be parsed), so the
    // timing is the store's own work: checking, id generation, indexing.
    let batch = 50_000
    var preparing = 0.0
    var loading = 0.0
    for start in stride(from: 0, to: count, by: batch) {
        var rows: [[String: JSONValue]] = []
        preparing += seconds {
            rows = (start..<min(start + batch, count)).map { i -> [String: JSONValue] in
                ["Name": .string("Account \(i)"), "PRM_Partner_Id__c": .string("prt_\(i)"), "AnnualRevenue": .int(i)]
            }
        }
        loading += try seconds { try fake.store.bulkLoad("Account", rows, actor: "bench") }
    }
    print("seed \(count) records: \(String(format: "%.2f", loading)) s in the store (+\(String(format: "%.2f", preparing)) s making the rows), peak resident \(String(format: "%.0f", peakResidentMiB())) MiB, \(String(format: "%.0f", Double(count) / loading)) records/s")
case "soql":
    let (fake, token) = try makeOrg(accounts: 100_000)
    func p50(_ soql: String, runs: Int) -> (Double, Int) {
        var times: [Double] = []
        var size = 0
        for _ in 0..<runs {
            var response = HTTPResponse()
            times.append(seconds { response = call(fake, token, "/services/data/v59.0/query?q=\(encode(soql))") })
            size = (try? JSONDecoder().decode(JSONValue.self, from: response.body))?["totalSize"]?.intValue ?? -1
        }
        return (times.sorted()[runs / 2] * 1000, size)
    }
    let indexed = p50("SELECT Id, Name FROM Account WHERE PRM_Partner_Id__c = 'prt_77777'", runs: 200)
    let scan = p50("SELECT Id, Name FROM Account WHERE Name LIKE '%7777%'", runs: 20)
    print("soql over 100k Accounts: indexed equality p50 \(String(format: "%.3f", indexed.0)) ms (\(indexed.1) row), unindexed LIKE p50 \(String(format: "%.1f", scan.0)) ms (\(scan.1) rows), ratio \(String(format: "%.0f", scan.0 / indexed.0))x")
case "paging":
    let (fake, token) = try makeOrg(accounts: 100_000)
    var rows = 0
    var pages = 0
    var serving = 0.0
    let elapsed = seconds {
        var response = HTTPResponse()
        serving += seconds { response = call(fake, token, "/services/data/v59.0/query?q=\(encode("SELECT Id, Name, Industry, AnnualRevenue FROM Account"))") }
        while true {
            // A client parses each page, as Python's json module would (JSONSerialization is Foundation's fast path).
            let page = try! JSONSerialization.jsonObject(with: response.body) as! [String: Any]
            rows += (page["records"] as? [Any])?.count ?? 0
            pages += 1
            guard let next = page["nextRecordsUrl"] as? String else { break }
            serving += seconds { response = call(fake, token, next) }
        }
    }
    print("paging 100k Accounts: \(rows) rows in \(pages) pages, \(String(format: "%.2f", elapsed)) s with the client parsing each page (\(String(format: "%.2f", serving)) s serving) (target < 2 s)")
case "bulk":
    let (fake, token) = try makeOrg(accounts: 100_000)
    let soql = "SELECT Id, Name, Industry, AnnualRevenue FROM Account"
    func send(_ method: HTTPMethod, _ target: String, json: String? = nil) -> HTTPResponse {
        var request = HTTPRequest(method: method, target: target, headers: ["Authorization": "Bearer \(token)", "Host": "127.0.0.1", "Content-Type": "application/json"])
        if let json { request.body = Data(json.utf8) }
        return fake.handler.respond(to: request)
    }
    var bulkRows = 0
    var bulkPages = 0
    let bulk = seconds {
        let created = try! JSONSerialization.jsonObject(with: send(.post, "/services/data/v59.0/jobs/query", json: "{\"operation\":\"query\",\"query\":\"\(soql)\"}").body) as! [String: Any]
        let id = created["id"] as! String
        while (try! JSONSerialization.jsonObject(with: send(.get, "/services/data/v59.0/jobs/query/\(id)").body) as! [String: Any])["state"] as? String != "JobComplete" {}
        var locator = ""
        repeat {
            let page = send(.get, "/services/data/v59.0/jobs/query/\(id)/results?maxRecords=50000" + (locator.isEmpty ? "" : "&locator=\(locator)"))
            // A client parses each page, as Python's csv module would.
            bulkRows += try! CSVReader.rows(page.body).count - 1
            bulkPages += 1
            locator = page.headers["Sforce-Locator"] ?? "null"
        } while locator != "null"
    }
    var restRows = 0
    let rest = seconds {
        var response = call(fake, token, "/services/data/v59.0/query?q=\(encode(soql))")
        while true {
            let page = try! JSONSerialization.jsonObject(with: response.body) as! [String: Any]
            restRows += (page["records"] as? [Any])?.count ?? 0
            guard let next = page["nextRecordsUrl"] as? String else { break }
            response = call(fake, token, next)
        }
    }
    print("bulk 2.0 query 100k Accounts: \(bulkRows) rows in \(bulkPages) CSV pages, \(String(format: "%.2f", bulk)) s, \(String(format: "%.0f", Double(bulkRows) / bulk)) rows/s; REST query paging: \(restRows) rows, \(String(format: "%.2f", rest)) s, \(String(format: "%.0f", Double(restRows) / rest)) rows/s")
case "serve":
    let (fake, token) = try makeOrg(accounts: 1000)
    let server = try HTTPServer(configuration: .init(), handler: fake.handler)
    try server.start()
    let id = fake.store.records(of: "Account").last!.id
    print("{\"port\":\(server.port),\"token\":\"\(token)\",\"id\":\"\(id)\"}")
    fflush(nil)
    while true { sleep(3600) }
case "layer":
    // No sockets and no other threads: what the layer costs in CPU, without the scheduling noise of a shared machine.
    let (fake, token) = try makeOrg(accounts: 1000)
    let id = fake.store.records(of: "Account").last!.id
    let request = HTTPRequest(method: .get, target: "/services/data/v59.0/sobjects/Account/\(id)", headers: ["Authorization": "Bearer \(token)", "Host": "127.0.0.1"])
    let batch = 20_000
    func perRequest(_ handler: any HTTPHandler) -> Double {
        seconds { for _ in 0..<batch { _ = handler.respond(to: request) } } / Double(batch) * 1_000_000
    }
    _ = perRequest(fake.api)
    _ = perRequest(fake.handler)
    var bare: [Double] = []
    var layered: [Double] = []
    var ratios: [Double] = []
    for round in 0..<11 {
        let (a, b) = round % 2 == 0 ? (perRequest(fake.api), perRequest(fake.handler)) : { let b = perRequest(fake.handler); return (perRequest(fake.api), b) }()
        bare.append(a)
        layered.append(b)
        ratios.append(b / a)
    }
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    // The layer's own cost, absolute: the same pipeline in front of a handler that does nothing.
    let fixed = HTTPResponse.json(.ok, data: Data("{}".utf8))
    let nothing = ClosureHandler { _ in fixed }
    let empty = FaultPipeline(seed: 0, dialect: fake.faults.dialect)
    let layeredNothing = nothing.with(empty)
    var own: [Double] = []
    for _ in 0..<11 {
        let a = perRequest(nothing)
        own.append(perRequest(layeredNothing) - a)
    }
    print("in process, the fault layer's own cost (no fault, request log included): \(String(format: "%.2f", median(own))) µs per request")
    print(
        "in process, GET-by-id: API alone \(String(format: "%.2f", median(bare))) µs, fault layer (no fault) \(String(format: "%.2f", median(layered))) µs per request; median ratio \(String(format: "%.3f", median(ratios))) (\(String(format: "%.1f", (median(ratios) - 1) * 100)) % more time)"
    )
case "faults":
    let (fake, token) = try makeOrg(accounts: 1000)
    let bare = try HTTPServer(configuration: .init(), handler: fake.api)
    let layered = try HTTPServer(configuration: .init(), handler: fake.handler)
    // The latency org has its own token, client and fault layer, so its fault touches nothing else.
    let (slow, slowToken) = try makeOrg(accounts: 10)
    try slow.inject(.latency(LatencyFault(latencyMs: Int(arguments.dropFirst().first ?? "50") ?? 50)))
    let latency = try HTTPServer(configuration: .init(), handler: slow.handler)
    for server in [bare, layered, latency] { try server.start() }
    let id = fake.store.records(of: "Account").last!.id
    let slowID = slow.store.records(of: "Account").last!.id
    print(
        "{\"bare\":\(bare.port),\"layered\":\(layered.port),\"latency\":\(latency.port),\"token\":\"\(token)\",\"id\":\"\(id)\",\"slowToken\":\"\(slowToken)\",\"slowId\":\"\(slowID)\"}"
    )
    fflush(nil)
    while true { sleep(3600) }
case "hubspot":
    let (salesforce, token) = try makeOrg(accounts: 100_000)
    let hubspot = try HubSpotFake(org: .bundledHubSpot("default"), clock: JournalClock(), unmetered: true)
    for start in stride(from: 0, to: 100_000, by: 10_000) {
        let rows = (start..<start + 10_000).map { i -> [String: JSONValue] in
            ["name": .string("Company \(i)"), "prm_partner_id": .string("prt_\(i)"), "industry": .string(i % 2 == 0 ? "COMPUTER_SOFTWARE" : "MANUFACTURING"),
             "annualrevenue": .int(i * 10), "city": .string("City \(i % 100)")]
        }
        try hubspot.store.bulkLoad("companies", rows, actor: "bench")
    }
    let hubspotToken = hubspot.app.privateAppToken
    func median(_ runs: Int, _ body: () -> HTTPResponse) -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            var response = HTTPResponse()
            times.append(seconds { response = body() })
            precondition(response.status == .ok, "a benchmark call failed: \(response.status.code) \(String(decoding: response.body, as: UTF8.self))")
        }
        return times.sorted()[runs / 2] * 1_000_000
    }
    func hubspotCall(_ method: HTTPMethod, _ target: String, _ body: String = "") -> HTTPResponse {
        hubspot.handler.respond(to: HTTPRequest(method: method, target: target, headers: ["Authorization": "Bearer \(hubspotToken)", "Host": "127.0.0.1"], body: Data(body.utf8)))
    }
    let accountID = salesforce.store.records(of: "Account")[77_777].id
    let companyID = hubspot.store.records(of: "companies")[77_780].id
    let sfGet = median(2001) { call(salesforce, token, "/services/data/v59.0/sobjects/Account/\(accountID)") }
    let hsGet = median(2001) { hubspotCall(.get, "/crm/v3/objects/companies/\(companyID)?properties=name,city") }
    let sfScan = median(21) { call(salesforce, token, "/services/data/v59.0/query?q=\(encode("SELECT Id, Name FROM Account WHERE BillingCity = 'City 77'"))") }
    let hsScan = median(21) {
        hubspotCall(.post, "/crm/v3/objects/companies/search", #"{"filterGroups":[{"filters":[{"propertyName":"city","operator":"EQ","value":"City 77"}]}],"properties":["name"],"limit":100}"#)
    }
    let sfKey = median(201) { call(salesforce, token, "/services/data/v59.0/query?q=\(encode("SELECT Id, Name FROM Account WHERE PRM_Partner_Id__c = 'prt_77777'"))") }
    let hsKey = median(21) {
        hubspotCall(.post, "/crm/v3/objects/companies/search", #"{"filterGroups":[{"filters":[{"propertyName":"prm_partner_id","operator":"EQ","value":"prt_77777"}]}],"properties":["name"]}"#)
    }
    func line(_ what: String, _ hs: Double, _ sf: Double, _ sfWhat: String) {
        print("\(what): HubSpot \(String(format: "%.1f", hs)) µs, Salesforce \(sfWhat) \(String(format: "%.1f", sf)) µs, ratio \(String(format: "%.2f", hs / sf))x")
    }
    print("in process, one thread, 100k companies / 100k Accounts, medians:")
    line("GET-by-id", hsGet, sfGet, "GET sobjects/Account/{id}")
    line("search, equality on an unindexed property (1,000 matches, first 100)", hsScan, sfScan, "SOQL equality on BillingCity (1,000 rows)")
    line("search, equality on a unique property", hsKey, sfKey, "SOQL indexed equality on PRM_Partner_Id__c")
default:
    FileHandle.standardError.write(Data("usage: sv-bench-crm seed N | soql | paging | serve | layer | hubspot | faults [LATENCY_MS]\n".utf8))
    exit(2)
}
