import Foundation
import Glibc

/// Hundreds of client connections to one loopback port, held by a separate
/// process (bash and its `/dev/tcp`), not by the test process.
///
/// Why another process: the stress tests put 700 connections on a server of
/// this process, and with the clients here too it would hold some 1,500
/// descriptors. Foundation's `Process.run()` (which other suites call in
/// parallel) reads `/proc/self/fd` by copying each entry's whole 256-byte
/// `d_name`; once the listing fills glibc's 32 KiB directory buffer (about
/// 1,360 entries), the copy of the last entry runs past the buffer's end and
/// the test process dies of SIGSEGV (seen in CI). With the clients out of
/// process, this one keeps the server's 700 and stays well below that.
final class ConnectionCrowd {
    private let process = Process()
    private let commands: FileHandle
    private let answers: FileHandle

    /// Opens `idle` connections that never send, then `dribbling` ones that
    /// send a byte each time `dribble` is called; returns once all are open.
    init(port: UInt16, idle: Int, dribbling: Int) throws {
        let input = Pipe()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", Self.script, "crowd", String(port), String(idle), String(dribbling)]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        commands = input.fileHandleForWriting
        answers = output.fileHandleForReading
        let first = readLine()
        guard first == "open" else {
            process.terminate()
            throw CrowdError("the crowd could not open \(idle + dribbling) connections to port \(port): \(first ?? "it exited")")
        }
    }

    /// Every dribbling connection sends `byte`; returns once all have been written.
    func dribble(_ byte: UInt8) throws {
        commands.write(Data(String(format: "\\x%02x\n", byte).utf8))
        guard readLine() == "sent" else { throw CrowdError("the crowd stopped before sending byte \(byte)") }
    }

    /// Closes every connection (the process exits).
    func close() {
        try? commands.close()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// One line of the script's answers, without its newline; nil at the end.
    private func readLine() -> String? {
        var line: [UInt8] = []
        while true {
            let byte = answers.readData(ofLength: 1)
            guard let next = byte.first else { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
            if next == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
            line.append(next)
        }
    }

    /// Arguments: port, idle count, dribbling count. Prints `open` once every
    /// connection is open; then for each line it reads (a `\xHH` escape) writes
    /// that byte to each dribbling connection and prints `sent`.
    private static let script = #"""
    trap '' PIPE
    ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    port=$1 idle=$2 dribbling=$3
    for ((i = 0; i < idle; i++)); do exec {fd}<>"/dev/tcp/127.0.0.1/$port" || exit 1; done
    dribblers=()
    for ((i = 0; i < dribbling; i++)); do exec {fd}<>"/dev/tcp/127.0.0.1/$port" || exit 1; dribblers+=("$fd"); done
    echo open
    while read -r byte; do
        for fd in "${dribblers[@]}"; do printf "$byte" >&"$fd" 2>/dev/null; done
        echo sent
    done
    """#
}

struct CrowdError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
