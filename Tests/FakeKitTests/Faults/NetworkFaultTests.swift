import Foundation
import Glibc
import HTTP
import Testing

@testable import FakeKit

/// The byte-level faults: their shapers on plans in memory first, then the
/// pipeline's choices, then a real server on loopback measured at a client.
@Suite(.tags(.socket)) struct NetworkFaultTests {
    static func plan(head: Int = 100, body: Int = 10_000, closes: Bool = false) -> DeliveryPlan {
        DeliveryPlan(headLength: head, totalLength: head + body, closes: closes)
    }

    static func shape(
        _ fault: some NetworkFault, _ plan: DeliveryPlan, seed: UInt64 = 1,
        request: HTTPRequest = HTTPRequest(method: .get, target: "/")
    ) -> DeliveryPlan {
        var generator = SeededGenerator(seed: seed)
        var plan = plan
        fault.shaper(for: request, using: &generator).shape(&plan)
        return plan
    }

    static func writes(_ plan: DeliveryPlan) -> [Range<Int>] {
        plan.steps.compactMap { if case .write(let range) = $0 { range } else { nil } }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    // MARK: shapers, in memory

    @Test func bandwidthSpreadsTheBytesOverTheirTransferTime() {
        let plan = Self.shape(
            BandwidthFault(bytesPerSecond: 20_000), Self.plan(), request: HTTPRequest(method: .get, target: "/x"))
        let writes = Self.writes(plan)
        #expect(writes.first?.lowerBound == 0 && writes.last?.upperBound == 10_100, "every byte, in order")
        #expect(zip(writes, writes.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(writes.allSatisfy { $0.count <= 400 }, "pieces of 20 ms at the rate")
        // 10,100 bytes of answer plus the request's own bytes, at 20,000 bytes a second.
        let request = HTTPRequest(method: .get, target: "/x").wireSize
        #expect(abs(Self.seconds(plan.pausedTime) - Double(10_100 + request) / 20_000) < 0.001)
        guard case .pause = plan.steps.first else {
            Issue.record("a piece waits for its transfer time before it is written")
            return
        }
    }

    @Test func slicerDealsChunksAroundTheAverageFromTheSeed() {
        let fault = SlicerFault(averageBytes: 100, variationBytes: 40, delayMs: 20)
        let plan = Self.shape(fault, Self.plan(head: 50, body: 950), seed: 9)
        let sizes = Self.writes(plan).map(\.count)
        #expect(sizes.reduce(0, +) == 1000)
        #expect(sizes.dropLast().allSatisfy { (60...140).contains($0) }, "\(sizes)")
        #expect(Set(sizes).count > 1, "the sizes vary")
        #expect(
            plan.steps.filter { $0 == .pause(.milliseconds(20)) }.count == sizes.count - 1, "a pause between two chunks"
        )
        #expect(Self.shape(fault, Self.plan(head: 50, body: 950), seed: 9) == plan, "the same seed, the same chunks")
        #expect(Self.shape(fault, Self.plan(head: 50, body: 950), seed: 10) != plan)
    }

    @Test func limitDataCutsTheBodyAndCloses() {
        let plan = Self.shape(LimitDataFault(bytes: 300), Self.plan())
        #expect(plan.steps == [.write(0..<400), .close])
        #expect(Self.shape(LimitDataFault(bytes: 0), Self.plan()).steps == [.write(0..<100), .close], "the head alone")
        #expect(
            Self.shape(LimitDataFault(bytes: 50_000), Self.plan()).steps == [.write(0..<10_100), .close],
            "a short answer arrives whole")
        // After a slicer, the cut falls inside a chunk and nothing after it is written.
        var sliced = Self.shape(SlicerFault(averageBytes: 64, delayMs: 1), Self.plan(head: 10, body: 500))
        LimitDataFault.Shaper(bodyBytes: 100).shape(&sliced)
        #expect(sliced.writtenBytes == 110)
        #expect(sliced.steps.last == .close)
    }

    @Test func slowCloseWaitsBeforeTheClose() {
        #expect(
            Self.shape(SlowCloseFault(delayMs: 250), Self.plan(closes: true)).steps == [
                .write(0..<10_100), .pause(.milliseconds(250)), .close,
            ])
        #expect(
            Self.shape(SlowCloseFault(delayMs: 250), Self.plan()).steps == [
                .write(0..<10_100), .pause(.milliseconds(250)), .close,
            ])
        #expect(SlowCloseFault.Shaper(delayMs: 1).endsConnection)
    }

    @Test func timeoutSendsNothingAndCloses() {
        #expect(Self.shape(TimeoutFault(timeoutMs: 700), Self.plan()).steps == [.pause(.milliseconds(700)), .close])
        #expect(Self.shape(TimeoutFault(timeoutMs: 0), Self.plan()).writtenBytes == 0)
    }

    @Test(arguments: [
        #"{"type":"bandwidth"}"#, #"{"type":"bandwidth","bytesPerSecond":0}"#,
        #"{"type":"bandwidth","bytesPerSecond":10,"rate":5}"#,
        #"{"type":"slicer","averageBytes":10,"variationBytes":10}"#, #"{"type":"slicer","delayMs":-1}"#,
        #"{"type":"limitData","bytes":-5}"#,
        #"{"type":"slowClose"}"#, #"{"type":"timeout","timeoutMs":"soon"}"#,
    ])
    func badNetworkFaultsAreRefused(_ json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FaultSpec.self, from: Data(json.utf8)) }
    }

    @Test func networkFaultsDecodeWithTheirDefaults() throws {
        let decode = { (json: String) in try JSONDecoder().decode(FaultSpec.self, from: Data(json.utf8)) }
        #expect(try decode(#"{"type":"slicer"}"#) == .slicer(SlicerFault()))
        #expect(try decode(#"{"type":"timeout"}"#) == .timeout(TimeoutFault(timeoutMs: 30_000)))
        #expect(
            try decode(#"{"type":"bandwidth","bytesPerSecond":5,"scope":{"methods":["GET"]}}"#)
                == .bandwidth(BandwidthFault(bytesPerSecond: 5, scope: FaultScope(methods: ["GET"]))))
        let message = FaultDecoding.message(
            DecodingErrorBox.capture { try decode(#"{"type":"bandwidth","bytesPerSecond":0}"#) })
        #expect(message == "bytesPerSecond: bytesPerSecond must be at least 1")
    }

    // MARK: the pipeline

    @Test func thePipelineHandsTheShapersToTheResponseAndLogsThem() throws {
        let pipeline = FaultPipelineTests.pipeline()
        let handler = FaultPipelineTests.ok.with(pipeline)
        pipeline.add(.bandwidth(BandwidthFault(bytesPerSecond: 1000, scope: FaultScope(pathPrefixes: ["/slow"]))))
        pipeline.add(.timeout(TimeoutFault(timeoutMs: 10, scope: FaultScope(methods: ["PATCH"]))))
        let slow = try handler.handle(HTTPRequest(method: .get, target: "/slow/x"))
        #expect(slow.shapers.count == 1 && slow.status == .ok)
        #expect(try handler.handle(HTTPRequest(method: .get, target: "/fast")).shapers.isEmpty)
        #expect(try handler.handle(HTTPRequest(method: .patch, target: "/slow/y")).shapers.count == 2)
        let entries = pipeline.log.entries
        #expect(entries.map(\.faults) == [["bandwidth:1000"], [], ["bandwidth:1000", "timeout:10"]])
        #expect(entries.map(\.connection) == ["send", "send", "timeout"])
        #expect(entries.map(\.status) == [200, 200, nil], "a timed-out answer never reached the client")
    }

    @Test func probabilityIsDrawnFromTheSeed() throws {
        func pattern(seed: UInt64) throws -> [Bool] {
            let pipeline = FaultPipelineTests.pipeline(seed: seed)
            pipeline.add(.limitData(LimitDataFault(bytes: 1, scope: FaultScope(probability: 0.5))))
            let handler = FaultPipelineTests.ok.with(pipeline)
            return try (0..<40).map { _ in try !handler.handle(HTTPRequest(method: .get, target: "/")).shapers.isEmpty }
        }
        let first = try pattern(seed: 3)
        #expect(try pattern(seed: 3) == first)
        #expect((10...30).contains(first.filter { $0 }.count))
    }

    // MARK: over a socket

    /// A fake-like server: a fixed body behind a fault pipeline, on 127.0.0.1:0.
    final class Served {
        let pipeline = FaultPipelineTests.pipeline()
        let server: HTTPServer

        init(bodyBytes: Int) throws {
            let body = Data((0..<bodyBytes).map { UInt8(ascii: "a") + UInt8($0 % 26) })
            server = try HTTPServer(
                handler: ClosureHandler { _ in HTTPResponse(status: .ok, body: body) }.with(pipeline))
            try server.start()
        }

        deinit { server.stop(gracePeriodSeconds: 1) }
    }

    @Test(.timeLimit(.minutes(3))) func aTenKilobyteBodyAtTwentyKilobytesASecondTakesHalfASecond() throws {
        let served = try Served(bodyBytes: 10_000)
        served.pipeline.add(.bandwidth(BandwidthFault(bytesPerSecond: 20_000)))
        let client = HTTPClient()
        let start = ContinuousClock.now
        let response = try client.get(served.server.baseURL + "/")
        let elapsed = Self.seconds(ContinuousClock.now - start)
        #expect(response.body.count == 10_000)
        // Head (~100 bytes) and request (~60) add about 8 ms to the 0.5 s of the body.
        #expect(elapsed > 0.49 && elapsed < 0.6, "took \(elapsed) s")
        served.pipeline.clear()
        let fastStart = ContinuousClock.now
        _ = try client.get(served.server.baseURL + "/")
        #expect(Self.seconds(ContinuousClock.now - fastStart) < 0.1, "cleared, it is fast again")
    }

    @Test(.timeLimit(.minutes(3))) func aClientNoticesABodyCutByLimitData() throws {
        let served = try Served(bodyBytes: 5_000)
        served.pipeline.add(.limitData(LimitDataFault(bytes: 1_000)))
        #expect(throws: HTTPClientError.self) { try HTTPClient().get(served.server.baseURL + "/") }
        let raw = try RawConnection(port: served.server.port)
        try raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let arrivals = raw.readUntilClosed()
        let bytes = arrivals.flatMap(\.bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Content-Length: 5000") && text.contains("Connection: close"))
        #expect(
            text.split(separator: "\r\n\r\n", maxSplits: 1).last?.utf8.count == 1_000,
            "head, then the first 1,000 bytes, then the close")
    }

    @Test(.timeLimit(.minutes(3))) func aSlicerDeliversInChunksAtItsInterval() throws {
        let served = try Served(bodyBytes: 1_000)
        served.pipeline.add(.slicer(SlicerFault(averageBytes: 200, variationBytes: 0, delayMs: 40)))
        let raw = try RawConnection(port: served.server.port)
        try raw.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let arrivals = raw.readUntilClosed()
        #expect(arrivals.flatMap(\.bytes).count > 1_000)
        #expect(arrivals.count >= 5, "\(arrivals.map(\.bytes.count))")
        #expect(arrivals.allSatisfy { $0.bytes.count <= 200 })
        let gaps = zip(arrivals, arrivals.dropFirst()).map { Self.seconds($1.time - $0.time) }
        #expect(gaps.allSatisfy { $0 > 0.03 && $0 < 0.08 }, "\(gaps)")
    }

    @Test(.timeLimit(.minutes(3))) func slowCloseKeepsTheConnectionAfterTheAnswer() throws {
        let served = try Served(bodyBytes: 100)
        served.pipeline.add(.slowClose(SlowCloseFault(delayMs: 300)))
        let raw = try RawConnection(port: served.server.port)
        let start = ContinuousClock.now
        try raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let arrivals = raw.readUntilClosed()
        #expect(String(decoding: arrivals.flatMap(\.bytes), as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        #expect(Self.seconds(arrivals[0].time - start) < 0.1, "the answer comes at once")
        #expect(Self.seconds(ContinuousClock.now - start) >= 0.29, "the close 300 ms later")
    }

    @Test(.timeLimit(.minutes(3))) func aLatencyInFlightDoesNotDelayAStop() throws {
        let served = try Served(bodyBytes: 10)
        served.pipeline.add(.latency(LatencyFault(latencyMs: 30_000)))
        let raw = try RawConnection(port: served.server.port)
        try raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(100_000)
        let start = ContinuousClock.now
        served.server.stop(gracePeriodSeconds: 10)
        #expect(Self.seconds(ContinuousClock.now - start) < 1, "the delay wakes when the server stops")
        _ = raw.readUntilClosed()
    }

    @Test(.timeLimit(.minutes(3))) func aTimeoutIsSilentThenClosesAndAStopWakesIt() throws {
        var served: Served? = try Served(bodyBytes: 100)
        served!.pipeline.add(.timeout(TimeoutFault(timeoutMs: 200, scope: FaultScope(requestCount: 1))))
        let raw = try RawConnection(port: served!.server.port)
        let start = ContinuousClock.now
        try raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(raw.readUntilClosed().isEmpty)
        #expect(Self.seconds(ContinuousClock.now - start) >= 0.19)
        served!.pipeline.add(.timeout(TimeoutFault(timeoutMs: 0)))
        let held = try RawConnection(port: served!.server.port)
        try held.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(100_000)
        let stopStart = ContinuousClock.now
        served = nil
        #expect(Self.seconds(ContinuousClock.now - stopStart) < 1, "a held connection does not delay the stop")
        #expect(held.readUntilClosed().isEmpty)
    }
}

/// Captures the error a throwing call raised.
enum DecodingErrorBox {
    static func capture(_ body: () throws -> Any) -> any Error {
        do {
            _ = try body()
            return FaultError("no error")
        } catch { return error }
    }
}

/// A raw TCP client that records when each read returned its bytes.
final class RawConnection {
    struct Arrival {
        let time: ContinuousClock.Instant
        let bytes: [UInt8]
    }

    let fd: Int32

    init(port: UInt16) throws {
        fd = try Socket.connectLoopback(port: port, receiveTimeoutSeconds: 5)
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count
        else { throw FaultError("send failed") }
    }

    /// Every read until the peer closes (or 5 s pass with nothing).
    func readUntilClosed() -> [Arrival] {
        var arrivals: [Arrival] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return arrivals }
            arrivals.append(Arrival(time: .now, bytes: Array(chunk[0..<n])))
        }
    }
}
