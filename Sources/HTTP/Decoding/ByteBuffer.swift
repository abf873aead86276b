/// Bytes received but not yet consumed. The decoder reads from `readIndex`;
/// the connection appends at the end and compacts between requests.
public struct ByteBuffer: Sendable {
    public private(set) var storage: [UInt8]
    public private(set) var readIndex: Int = 0

    public init(_ bytes: [UInt8] = []) { storage = bytes }
    public init(_ string: String) { storage = Array(string.utf8) }

    public var readableCount: Int { storage.count - readIndex }
    public var isEmpty: Bool { readableCount == 0 }
    public var readableBytes: ArraySlice<UInt8> { storage[readIndex...] }

    public mutating func append(_ bytes: some Sequence<UInt8>) { storage.append(contentsOf: bytes) }

    public mutating func append(_ pointer: UnsafeRawBufferPointer) {
        storage.append(contentsOf: pointer.bindMemory(to: UInt8.self))
    }

    mutating func consume(_ count: Int) {
        precondition(count <= readableCount, "consuming more than was received")
        readIndex += count
        if readIndex == storage.count {
            storage.removeAll(keepingCapacity: true)
            readIndex = 0
        }
    }

    /// Drops consumed bytes so a long keep-alive connection does not grow forever.
    public mutating func compact() {
        guard readIndex > 0 else { return }
        storage.removeFirst(readIndex)
        readIndex = 0
    }

    subscript(offset: Int) -> UInt8 { storage[readIndex + offset] }
}
