import Foundation
import Glibc
import Synchronization

/// A forward proxy on loopback that intercepts: a `CONNECT` to a hostname
/// in its routes is answered `200`, TLS is terminated with a leaf
/// certificate for that name issued by the run's CA, and the requests
/// inside the tunnel go to that route's handler, as if the connector had
/// reached the production host. Every other destination, and every
/// plain-HTTP request, is refused by the proxy itself (`403`), recorded in
/// `refusals`, and never connected to: nothing leaves the machine.
public final class InterceptingProxy: Sendable {
    public let routes: ProxyRoutes
    public let authority: CertificateAuthority
    public let refusals = ProxyRefusalLog()
    private let limits: HTTPLimits
    private let idleTimeoutSeconds: Double
    /// Connections served at once (tunnels included); one more is closed at once.
    private let maxConnections: Int
    private let registry = ConnectionRegistry()
    private let listener = Mutex<(fd: Int32, port: UInt16, done: CompletionFlag)?>(nil)
    private let stopCalled = Atomic<Bool>(false)
    /// One TLS context per intercepted hostname, made on first use.
    private let contexts = Mutex<[String: TLSContext]>([:])
    /// Where minted certificates and keys are written for OpenSSL to load.
    private let certificateDirectory: URL

    public init(
        routes: ProxyRoutes, authority: CertificateAuthority, certificateDirectory: URL, limits: HTTPLimits = HTTPLimits(),
        idleTimeoutSeconds: Double = 30, maxConnections: Int = HTTPServer.Configuration().maxConnections
    ) {
        self.maxConnections = maxConnections
        self.routes = routes
        self.authority = authority
        self.certificateDirectory = certificateDirectory
        self.limits = limits
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }

    /// Binds 127.0.0.1 on a kernel-chosen port and starts accepting.
    @discardableResult
    public func start() throws -> UInt16 {
        signal(SIGPIPE, SIG_IGN)
        let (fd, port) = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 128)
        let done = CompletionFlag()
        listener.withLock { $0 = (fd, port, done) }
        let thread = Thread { [self] in
            acceptLoop(fd)
            done.set()
        }
        thread.name = "proxy-accept-\(port)"
        thread.start()
        return port
    }

    public var port: UInt16 { listener.withLock { $0?.port ?? 0 } }

    /// Connections open right now (tunnels included).
    public var openConnections: Int { registry.count }

    /// `http://127.0.0.1:PORT`, what `HTTPS_PROXY` and `HTTP_PROXY` are set to.
    public var url: String { "http://127.0.0.1:\(port)" }

    public func stop() {
        guard !stopCalled.exchange(true, ordering: .acquiringAndReleasing), let current = listener.withLock({ $0 }) else { return }
        registry.beginStop()
        shutdown(current.fd, Int32(SHUT_RDWR))
        let deadline = Date().addingTimeInterval(2)
        while registry.count > 0 && Date() < deadline { usleep(2_000) }
        registry.forceCloseAll()
        while registry.count > 0 { usleep(2_000) }
        while !current.done.isSet { usleep(1_000) }
    }

    private func acceptLoop(_ listenFD: Int32) {
        defer { close(listenFD) }
        while !registry.isStopping {
            guard let (fd, peer) = try? Socket.accept(listenFD) else {
                if registry.isStopping { return }
                continue
            }
            Socket.configureConnection(fd, readTimeoutSeconds: idleTimeoutSeconds, writeTimeoutSeconds: idleTimeoutSeconds)
            guard let handle = registry.register(fd: fd, limit: maxConnections) else {
                close(fd)
                continue
            }
            let thread = Thread { [self] in serve(fd: fd, peer: peer, handle: handle) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func serve(fd: Int32, peer: String, handle: ConnectionRegistry.Handle) {
        defer { registry.remove(handle) }
        let plain = PlainStream(fd: fd)
        // Out of the registry before the descriptor is closed and its number can be reused (as HTTPServer does).
        func answer(_ status: Int, _ reason: String) {
            self.write(plain, status, reason)
            registry.remove(handle)
            plain.close()
        }
        let head: ProxyRequestHead
        switch readHead(plain) {
        case .head(let parsed, let leftover):
            head = parsed
            // A client sends TLS only after the 200; bytes before it are not a tunnel's.
            guard leftover == 0 || !parsed.isConnect else {
                answer(400, "bytes sent after CONNECT before the proxy answered")
                return
            }
        case .failed(let failure):
            answer(failure.status, failure.reason)
            return
        case .closed:
            registry.remove(handle)
            plain.close()
            return
        }
        guard head.isConnect, let handler = routes.handler(for: head.destination.host), head.destination.port == 443 else {
            if !head.isConnect, routes.handler(for: head.destination.host) != nil {
                answer(403, "\(head.destination.host) is served over https only: use CONNECT")
                return
            }
            refusals.record(ProxyRefusal(host: head.destination.host, port: head.destination.port, time: Date(), method: head.method))
            answer(403, "Sync Verifier's proxy refuses \(head.destination): it is not a system of this world, and nothing may leave the machine")
            return
        }
        let context: TLSContext
        do {
            context = try tlsContext(for: head.destination.host)
        } catch {
            answer(502, "cannot intercept \(head.destination.host): \(error)")
            return
        }
        do {
            try plain.write(Array("HTTP/1.1 200 Connection Established\r\n\r\n".utf8))
        } catch {
            registry.remove(handle)
            plain.close()
            return
        }
        let tunnel: TLSStream
        do {
            tunnel = try context.accept(fd: fd)
        } catch {
            registry.remove(handle)
            close(fd)
            return
        }
        var info = HTTPRequest.ConnectionInfo(isSecure: true, remoteAddress: peer, localPort: 443)
        info.registry = registry
        HTTPConnection(stream: tunnel, handler: handler, limits: limits, info: info, registry: registry, handle: handle).run()
    }

    private enum HeadRead {
        case head(ProxyRequestHead, leftover: Int)
        case failed(ProxyRequestHead.Failure)
        case closed
    }

    private func readHead(_ stream: PlainStream) -> HeadRead {
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            do {
                switch try ProxyRequestHead.parse(bytes) {
                case .head(let head, let consumed): return .head(head, leftover: bytes.count - consumed)
                case .needMoreData: break
                }
            } catch {
                return .failed(error)
            }
            guard let count = try? stream.read(into: chunk), count > 0 else { return .closed }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// The proxy's own answer (a refusal or an error), written and not followed by anything.
    private func write(_ stream: PlainStream, _ status: Int, _ reason: String) {
        let phrase = HTTPStatus(status).reasonPhrase
        let body = reason + "\n"
        let text = "HTTP/1.1 \(status) \(phrase)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        try? stream.write(Array(text.utf8))
    }

    private func tlsContext(for host: String) throws -> TLSContext {
        if let cached = contexts.withLock({ $0[host] }) { return cached }
        let identity = try authority.identity(for: host)
        let files = try identity.write(to: certificateDirectory.appendingPathComponent(host))
        let context = try TLSContext(certificateChainPath: files.certificateChainPath, privateKeyPath: files.privateKeyPath)
        return contexts.withLock { contexts in
            if let raced = contexts[host] { return raced }
            contexts[host] = context
            return context
        }
    }
}
