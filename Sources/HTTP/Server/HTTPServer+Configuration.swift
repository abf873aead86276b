import Foundation

extension HTTPServer {
    /// How a server binds, what it accepts, and whether it speaks TLS.
    public struct Configuration: Sendable {
        /// The IPv4 address to bind. Loopback by default: the fakes must never
        /// be reachable from elsewhere.
        public var host: String = "127.0.0.1"
        /// 0 lets the kernel choose, so many servers run side by side.
        public var port: UInt16 = 0
        public var limits = HTTPLimits()
        /// A connection with no bytes arriving for this long is closed (408
        /// if a request was under way).
        public var idleTimeoutSeconds: Double = 30
        /// A peer that accepts no bytes for this long is dropped.
        public var writeTimeoutSeconds: Double = 30
        /// Connections served at once; the next is answered 503 and closed.
        public var maxConnections: Int = 4096
        public var backlog: Int32 = 1024
        /// TLS key material; nil serves plain HTTP.
        public var tls: TLSFiles?

        public struct TLSFiles: Sendable {
            public var certificateChainPath: String
            public var privateKeyPath: String
            public init(certificateChainPath: String, privateKeyPath: String) {
                self.certificateChainPath = certificateChainPath
                self.privateKeyPath = privateKeyPath
            }
            public init(_ files: TLSIdentity.Files) {
                self.init(certificateChainPath: files.certificateChainPath, privateKeyPath: files.privateKeyPath)
            }
        }

        public init(host: String = "127.0.0.1", port: UInt16 = 0, tls: TLSFiles? = nil) {
            self.host = host
            self.port = port
            self.tls = tls
        }
    }
}
