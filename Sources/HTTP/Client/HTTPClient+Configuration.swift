extension HTTPClient {
    /// Timeouts, limits and pooling for one client.
    public struct Configuration: Sendable {
        /// How long a TCP connect may take.
        public var connectTimeoutSeconds: Double = 5
        /// How long one whole exchange (connect, send, receive) may take,
        /// unless a call passes its own.
        public var timeoutSeconds: Double = 30
        /// Largest response body accepted; larger fails with `.responseTooLarge`.
        public var maxResponseBodyBytes: Int = 64 * 1024 * 1024
        /// Largest response head (status line and fields) accepted.
        public var maxResponseHeadBytes: Int = 64 * 1024
        /// Idle keep-alive connections kept per host and port; 0 disables reuse.
        public var maxIdleConnectionsPerEndpoint: Int = 8
        /// Sent as `User-Agent` unless the request names its own; nil sends none.
        public var userAgent: String? = "sync-verifier"
        /// PEM file of the CA(s) an https server's certificate must chain to.
        /// https URLs fail without one: there is no implicit trust store.
        public var caBundlePath: String?

        public init() {}
    }
}
