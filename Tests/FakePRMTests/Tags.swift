import Testing

/// The test tiers, fastest first (README, "Tests"): run one alone with
/// `swift test --filter` on a suite name, or see the README for tags.
extension Tag {
    /// No sockets, no child processes: values, parsers, stores and handlers called in memory.
    @Tag static var inMemory: Self
    /// Real sockets on loopback (127.0.0.1, kernel-chosen ports) within this process.
    @Tag static var socket: Self
    /// Another program takes part: the built `sync-verifier`, a connector, python3, curl.
    @Tag static var endToEnd: Self
}
