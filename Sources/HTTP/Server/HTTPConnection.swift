import Foundation
import Glibc

/// Serves one accepted connection on its own thread: decode, handle, encode,
/// repeat while the connection is kept alive (RFC 9112 §9.3). Pipelined
/// requests are answered in order because each is handled before the next is
/// decoded.
final class HTTPConnection {
    private let stream: any ByteStream
    private let handler: any HTTPHandler
    private let limits: HTTPLimits
    private let info: HTTPRequest.ConnectionInfo
    private let registry: ConnectionRegistry
    private let handle: ConnectionRegistry.Handle
    /// This connection's own `Date` header cache: no lock shared with other threads.
    private var dates = HTTPDate()

    init(
        stream: any ByteStream, handler: any HTTPHandler, limits: HTTPLimits, info: HTTPRequest.ConnectionInfo,
        registry: ConnectionRegistry, handle: ConnectionRegistry.Handle
    ) {
        self.stream = stream
        self.handler = handler
        self.limits = limits
        self.info = info
        self.registry = registry
        self.handle = handle
    }

    func run() {
        var buffer = ByteBuffer()
        var decoder = HTTPRequestDecoder(limits: limits)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 1)
        defer { chunk.deallocate() }

        while true {
            let event: HTTPRequestDecoder.Event
            do {
                event = try decoder.decode(&buffer)
            } catch {
                try? stream.write(HTTPResponseEncoder.encode(error, by: handler, date: dates.now()))
                closeStream()
                return
            }
            switch event {
            case .needMoreData:
                let midRequest = decoder.isMidRequest || !buffer.isEmpty
                // Between requests the connection is idle: a graceful stop may end it.
                guard registry.markIdle(handle, idle: !midRequest) else {
                    closeStream()
                    return
                }
                let count: Int
                do {
                    count = try stream.read(into: chunk)
                } catch let error as SocketError where error.isTimeout && midRequest {
                    try? stream.write(HTTPResponseEncoder.encode(HTTPDecodingError(.requestTimeout, "request not completed in time"), by: handler, date: dates.now()))
                    closeStream()
                    return
                } catch {
                    closeStream()
                    return
                }
                if count == 0 {
                    closeStream()
                    return
                }
                registry.markIdle(handle, idle: false)
                buffer.append(UnsafeRawBufferPointer(rebasing: chunk[0..<count]))

            case .expectsContinue:
                do { try stream.write(HTTPResponseEncoder.continueResponse) } catch {
                    closeStream()
                    return
                }

            case .request(var request):
                request.connection = info
                let response = handler.respond(to: request)
                let keepAlive = request.keepsAlive && !registry.isStopping
                guard deliver(response, to: request, keepAlive: keepAlive) else { return }
                buffer.compact()
            }
        }
    }

    /// Leaves the registry, then closes. The order matters: once the
    /// descriptor is closed its number may be reused by any new socket in the
    /// process (another server's, a client's), and a stop that still found
    /// this handle would shut that stranger down.
    private func closeStream(reset: Bool = false) {
        registry.remove(handle)
        if reset { stream.reset() } else { stream.close() }
    }

    /// Writes the response as its action says. Returns false once the
    /// connection has been closed.
    private func deliver(_ response: HTTPResponse, to request: HTTPRequest, keepAlive requested: Bool) -> Bool {
        let date = dates.now()
        switch response.action {
        case .reset:
            closeStream(reset: true)
            return false
        case .holdOpen(let milliseconds):
            registry.sleep(milliseconds: milliseconds)
            closeStream()
            return false
        case .truncateBody(let afterBytes):
            var bytes = HTTPResponseEncoder.encode(response, for: request.method, version: request.version, keepAlive: false, date: date)
            // A HEAD answer (RFC 9110 §9.3.2) or a 204/304 carries no body to cut into.
            let bodyBytes = request.method == .head || response.status.forbidsBody ? 0 : response.body.count
            bytes.removeLast(bodyBytes - min(afterBytes, bodyBytes))
            try? stream.write(bytes)
            closeStream()
            return false
        case .send, .sendThenClose:
            if !response.shapers.isEmpty { return deliverShaped(response, to: request, keepAlive: requested, date: date) }
            let keepAlive = requested && response.action == .send
            let bytes = HTTPResponseEncoder.encode(response, for: request.method, version: request.version, keepAlive: keepAlive, date: date)
            return write(bytes) && finish(keepAlive: keepAlive)
        }
    }

    /// Writes, or closes the connection when the peer is gone. Returns whether it wrote.
    private func write(_ bytes: [UInt8]) -> Bool {
        do { try stream.write(bytes) } catch {
            closeStream()
            return false
        }
        return true
    }

    /// Ends a delivered response: the connection stays for the next request, or closes.
    private func finish(keepAlive: Bool) -> Bool {
        if !keepAlive { closeStream() }
        return keepAlive
    }

    private func deliverShaped(_ response: HTTPResponse, to request: HTTPRequest, keepAlive requested: Bool, date: String) -> Bool {
        let keepAlive = requested && response.action == .send && !response.shapers.contains { $0.endsConnection }
        let bytes = HTTPResponseEncoder.encode(response, for: request.method, version: request.version, keepAlive: keepAlive, date: date)
        let bodyBytes = request.method == .head || response.status.forbidsBody ? 0 : response.body.count
        var plan = DeliveryPlan(headLength: bytes.count - bodyBytes, totalLength: bytes.count, closes: !keepAlive)
        for shaper in response.shapers { shaper.shape(&plan) }
        return perform(plan, bytes, keepAlive: keepAlive)
    }

    /// Carries out a shaped delivery. Pauses keep to a schedule counted from
    /// the start, so the time writes take and each sleep's overshoot do not
    /// add up over hundreds of pauses (a bandwidth fault's rate stays true).
    /// A pause wakes when the server stops, and the connection then closes
    /// rather than finish a slow answer.
    private func perform(_ plan: DeliveryPlan, _ bytes: [UInt8], keepAlive: Bool) -> Bool {
        var due = ContinuousClock.now
        for step in plan.steps {
            switch step {
            case .write(let range):
                guard write(Array(bytes[range.clamped(to: 0..<bytes.count)])) else { return false }
            case .pause(let duration):
                due += duration
                registry.sleep(until: due)
                if registry.isStopping {
                    closeStream()
                    return false
                }
            case .close:
                closeStream()
                return false
            }
        }
        return finish(keepAlive: keepAlive)
    }
}
