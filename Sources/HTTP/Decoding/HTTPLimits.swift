/// Size limits the decoder enforces. Defaults suit the fakes' JSON APIs and
/// are well above what real CRM clients send.
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request line accepted; longer answers 414.
    public var maxRequestLineBytes: Int = 16 * 1024
    /// Largest header section (all field lines together); larger answers 431.
    public var maxHeaderBytes: Int = 64 * 1024
    /// Most header fields accepted; more answers 431.
    public var maxHeaderCount: Int = 100
    /// Largest body accepted; larger answers 413.
    public var maxBodyBytes: Int = 64 * 1024 * 1024
    /// Longest chunk-size line (size plus extensions); longer answers 400.
    public var maxChunkLineBytes: Int = 4096

    public init() {}
}
