import Foundation
import HTTP

// Serves a fixed 1 KB JSON body over HTTP and over HTTPS for the HTTP
// benchmark (Benchmarks/http/run.sh). Prints the two ports on one line of
// JSON, then serves until killed.
let body = Data(
    ("{\"records\":[" + (0..<15).map { "{\"Id\":\"001000000000\($0 < 10 ? "0" : "")\($0)AAA\",\"Name\":\"Acme\"}" }.joined(separator: ",") + "]")
        .utf8)
var padded = body
while padded.count < 1023 { padded.append(contentsOf: Array(" ".utf8)) }
padded.append(contentsOf: Array("}".utf8))
let payload = padded
precondition(payload.count == 1024)
let handler = ClosureHandler { _ in HTTPResponse.json(.ok, data: payload) }

let files = try TLSIdentity.testOnly.write(to: FileManager.default.temporaryDirectory.appendingPathComponent("sv-bench-\(getpid())"))
let plain = try HTTPServer(configuration: .init(), handler: handler)
let secure = try HTTPServer(configuration: .init(tls: .init(files)), handler: handler)
try plain.start()
try secure.start()
if CommandLine.arguments.contains("--write-body"), let path = CommandLine.arguments.last {
    try payload.write(to: URL(fileURLWithPath: path))
}
FileHandle.standardOutput.write(Data("{\"http\":\(plain.port),\"https\":\(secure.port),\"ca\":\"\(files.caBundlePath)\"}\n".utf8))
while true { sleep(3600) }
