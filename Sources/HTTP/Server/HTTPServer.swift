import Foundation
import Glibc
import Synchronization

/// An HTTP/1.1 server on blocking POSIX sockets, plain or TLS.
///
/// Concurrency model: one accept thread, and one OS thread per connection
/// doing blocking reads and writes. Measured here, this beat an event-driven
/// design, and it cannot starve: an idle or dribbling connection parks its own
/// thread in `recv`, never a shared one. Swift's cooperative pool (two threads
/// on a 2-core machine) is never blocked by I/O.
public final class HTTPServer: Sendable {
    public let configuration: Configuration
    private let handler: any HTTPHandler
    private let registry = ConnectionRegistry()
    private let listener = Mutex<Listener?>(nil)
    private let stopCalled = Atomic<Bool>(false)
    private let tlsContext: TLSContext?

    private struct Listener {
        let fd: Int32
        let port: UInt16
        let acceptThreadDone: CompletionFlag
    }

    /// Creates a server; with `configuration.tls` set, OpenSSL is loaded and
    /// the key material checked now, so a bad setup fails before listening.
    public init(configuration: Configuration = Configuration(), handler: any HTTPHandler) throws {
        self.configuration = configuration
        self.handler = handler
        if let tls = configuration.tls {
            tlsContext = try TLSContext(certificateChainPath: tls.certificateChainPath, privateKeyPath: tls.privateKeyPath)
        } else {
            tlsContext = nil
        }
    }

    /// Binds and starts accepting. When this returns the socket is listening.
    @discardableResult
    public func start() throws -> UInt16 {
        // A peer closing mid-write must not kill the process: sends use
        // MSG_NOSIGNAL, but OpenSSL writes with write(2).
        signal(SIGPIPE, SIG_IGN)
        let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        let done = CompletionFlag()
        listener.withLock { $0 = Listener(fd: fd, port: port, acceptThreadDone: done) }
        let thread = Thread { [self] in
            acceptLoop(fd: fd)
            done.set()
        }
        thread.name = "http-accept-\(port)"
        thread.start()
        return port
    }

    /// The bound port, once started.
    public var port: UInt16 { listener.withLock { $0?.port ?? 0 } }

    public var isSecure: Bool { tlsContext != nil }

    /// `https://127.0.0.1:PORT` (or http), with no trailing slash.
    public var baseURL: String { "\(isSecure ? "https" : "http")://\(configuration.host):\(port)" }

    /// Connections open right now.
    public var openConnections: Int { registry.count }

    /// Waits until the server listens (for servers started on another thread).
    public func waitUntilListening(timeoutSeconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while port == 0 {
            guard Date() < deadline else { throw HTTPError(.serviceUnavailable, "server did not start listening in time") }
            usleep(1_000)
        }
    }

    /// Stops accepting, lets requests in flight finish (up to `gracePeriodSeconds`),
    /// then closes whatever is left. Returns once every connection thread is done.
    public func stop(gracePeriodSeconds: Double = 5) {
        // Only the first call stops: the listening descriptor is closed by then,
        // and shutting its number down again could hit another socket that reused it.
        guard !stopCalled.exchange(true, ordering: .acquiringAndReleasing), let current = listener.withLock({ $0 }) else { return }
        registry.beginStop()
        // shutdown(2) wakes the thread blocked in accept(2); it then closes the socket.
        shutdown(current.fd, Int32(SHUT_RDWR))
        let deadline = Date().addingTimeInterval(gracePeriodSeconds)
        while registry.count > 0 && Date() < deadline { usleep(2_000) }
        if registry.count > 0 {
            registry.forceCloseAll()
            let hardDeadline = Date().addingTimeInterval(2)
            while registry.count > 0 && Date() < hardDeadline { usleep(2_000) }
        }
        while !current.acceptThreadDone.isSet { usleep(1_000) }
    }

    private func acceptLoop(fd listenFD: Int32) {
        defer { close(listenFD) }
        while !registry.isStopping {
            let accepted: (Int32, String)
            do {
                accepted = try Socket.accept(listenFD)
            } catch let error as SocketError {
                if registry.isStopping { return }
                // Out of descriptors or a connection aborted before accept: keep serving.
                if error.code == EMFILE || error.code == ENFILE { usleep(10_000) }
                continue
            } catch {
                continue
            }
            let (fd, peer) = accepted
            Socket.configureConnection(fd, readTimeoutSeconds: configuration.idleTimeoutSeconds, writeTimeoutSeconds: configuration.writeTimeoutSeconds)
            guard let handle = registry.register(fd: fd, limit: configuration.maxConnections) else {
                var dates = HTTPDate()
                let busy = HTTPResponseEncoder.encode(HTTPDecodingError(.serviceUnavailable, "too many connections"), by: handler, date: dates.now())
                _ = busy.withUnsafeBytes { try? Socket.sendAll(fd, $0) }
                close(fd)
                continue
            }
            let thread = Thread { [self] in
                serve(fd: fd, peer: peer, handle: handle)
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func serve(fd: Int32, peer: String, handle: ConnectionRegistry.Handle) {
        defer { registry.remove(handle) }
        let stream: any ByteStream
        if let tlsContext {
            do {
                stream = try tlsContext.accept(fd: fd)
            } catch {
                // Out of the registry before the number can be reused (see HTTPConnection.closeStream).
                registry.remove(handle)
                close(fd)
                return
            }
        } else {
            stream = PlainStream(fd: fd)
        }
        var info = HTTPRequest.ConnectionInfo(isSecure: tlsContext != nil, remoteAddress: peer, localPort: port)
        info.registry = registry
        HTTPConnection(stream: stream, handler: handler, limits: configuration.limits, info: info, registry: registry, handle: handle).run()
    }
}
