// libFuzzer entry point for the intercepting proxy's request-head parser
// (`CONNECT` and absolute-form requests, Sources/HTTP/Proxy), built by run.sh
// with its own source files (see Fuzz/README.md).
//
// Oracle besides "no crash": a refusal is one of the statuses a proxy
// answers for a bad head (400, 414, 431, 505) with a reason; a parsed head
// written back in canonical form (its normalised destination, origin
// target and headers) parses to the same head, consuming exactly what was
// written, when that form is still within the limits; and no input waits
// for more data past the head limit.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProxyHead(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        switch try ProxyRequestHead.parse(bytes) {
        case .needMoreData:
            precondition(bytes.count <= ProxyRequestHead.maximumHeadBytes, "waiting for more than the head limit")
        case .head(let head, let consumed):
            precondition(consumed > 0 && consumed <= bytes.count, "consumed \(consumed) of \(bytes.count) bytes")
            let written = Array(canonical(head).utf8)
            // The canonical form can be longer (an explicit port, CRLF for LF, ": "): past the limits it is rightly refused.
            let requestLine = written.prefix { $0 != 0x0A }.count - 1
            guard written.count <= ProxyRequestHead.maximumHeadBytes, requestLine <= ProxyRequestHead.maximumRequestLineBytes else { return 0 }
            guard case .head(let again, let consumedAgain)? = try? ProxyRequestHead.parse(written) else {
                preconditionFailure("the canonical form of a head is refused: \(canonical(head).debugDescription)")
            }
            precondition(again == head, "a head written back parses differently: \(head) → \(again)")
            precondition(consumedAgain == written.count, "consumed \(consumedAgain) of the \(written.count) bytes written back")
        }
    } catch {
        precondition([400, 414, 431, 505].contains(error.status), "unexpected status \(error.status)")
        precondition(!error.reason.isEmpty, "a refusal explains itself")
    }
    return 0
}

private func canonical(_ head: ProxyRequestHead) -> String {
    let target = head.originTarget.map { "http://\(head.destination)\($0)" } ?? head.destination.description
    return "\(head.method) \(target) HTTP/1.1\r\n" + head.headers.map { "\($0.name): \($0.value)\r\n" }.joined() + "\r\n"
}
