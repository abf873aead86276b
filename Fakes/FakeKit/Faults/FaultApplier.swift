/// What a fake does with the faults that are changes rather than layers
/// (schema drift, credential changes, version retirement): it applies them
/// at once and says what it did (a rotated secret, the journal entry).
public protocol FaultApplier: Sendable {
    /// Applies a one-shot fault; throws `FaultError` when this fake cannot.
    func apply(_ spec: FaultSpec) throws -> JSONValue
}
