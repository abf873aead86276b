// libFuzzer entry point for the HTTP request decoder. Built by run.sh together
// with the decoder's own source files (a SwiftPM executable cannot link with
// -sanitize=fuzzer because libFuzzer brings its own main).
//
// Besides "no crash", each input is checked against two oracles:
// - only the statuses the decoder may answer, and no body over the cap;
// - delivery does not matter: the same bytes decoded whole, split in two at a
//   point the input chooses, and (for inputs up to 512 bytes) one byte at a time give
//   the same requests and the same error, as they must when a socket may cut
//   the stream anywhere.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = HTTPLimits()
    limits.maxBodyBytes = 4096
    limits.maxHeaderBytes = 2048
    limits.maxRequestLineBytes = 1024
    limits.maxHeaderCount = 16
    limits.maxChunkLineBytes = 256

    let whole = decodeEverything([bytes], limits: limits)
    if size > 1 {
        let split = Int(bytes[0]) % size
        let halves = decodeEverything([Array(bytes[..<split]), Array(bytes[split...])], limits: limits)
        precondition(halves == whole, "split at \(split) decoded differently: \(halves) vs \(whole)")
    }
    if size <= 512 {
        let trickle = decodeEverything(bytes.map { [$0] }, limits: limits)
        precondition(trickle == whole, "byte-at-a-time decoded differently: \(trickle) vs \(whole)")
    }
    return 0
}

/// What a decoding run produced, comparable across deliveries.
struct Outcome: Equatable, CustomStringConvertible {
    var requests: [String] = []
    var errorStatus: Int?
    var description: String { "\(requests.count) requests \(requests), error \(errorStatus.map(String.init) ?? "none")" }
}

private func decodeEverything(_ pieces: [[UInt8]], limits: HTTPLimits) -> Outcome {
    var decoder = HTTPRequestDecoder(limits: limits)
    var buffer = ByteBuffer()
    var outcome = Outcome()
    for piece in pieces {
        buffer.append(piece)
        while true {
            do {
                switch try decoder.decode(&buffer) {
                case .needMoreData: break
                case .expectsContinue: continue
                case .request(let request):
                    // Touch what handlers read, so their parsing is fuzzed too.
                    _ = request.queryItems
                    _ = request.keepsAlive
                    _ = request.headers.tokens(for: "Connection")
                    precondition(request.body.count <= limits.maxBodyBytes, "body over the cap was accepted")
                    let fields = request.headers.map { "\($0.name)=\($0.value)" }.joined(separator: "|")
                    outcome.requests.append("\(request.method) \(request.path) \(request.version) [\(fields)] \(Array(request.body))")
                    buffer.compact()
                    continue
                }
            } catch {
                precondition([400, 413, 414, 417, 431, 501, 505].contains(error.status.code), "unexpected status \(error.status)")
                outcome.errorStatus = error.status.code
                return outcome
            }
            break
        }
    }
    return outcome
}
