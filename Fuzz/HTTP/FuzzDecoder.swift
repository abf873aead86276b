// libFuzzer entry point for the HTTP request decoder. Built by run.sh together
// with the decoder's own source files (a SwiftPM executable cannot link with
// -sanitize=fuzzer because libFuzzer brings its own main).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = HTTPLimits()
    limits.maxBodyBytes = 4096
    limits.maxHeaderBytes = 2048
    limits.maxRequestLineBytes = 1024
    limits.maxHeaderCount = 16

    // All at once.
    decodeEverything([bytes], limits: limits)
    // The same bytes split in two at a point the input chooses, as a socket would deliver them.
    if size > 1 {
        let split = Int(bytes[0]) % size
        decodeEverything([Array(bytes[..<split]), Array(bytes[split...])], limits: limits)
    }
    return 0
}

private func decodeEverything(_ pieces: [[UInt8]], limits: HTTPLimits) {
    var decoder = HTTPRequestDecoder(limits: limits)
    var buffer = ByteBuffer()
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
                    _ = request.path
                    _ = request.keepsAlive
                    _ = request.headers.tokens(for: "Connection")
                    precondition(request.body.count <= limits.maxBodyBytes, "body over the cap was accepted")
                    buffer.compact()
                    continue
                }
            } catch {
                precondition([400, 408, 413, 417, 431, 501, 505].contains(error.status.code), "unexpected status \(error.status)")
                return
            }
            break
        }
    }
}
