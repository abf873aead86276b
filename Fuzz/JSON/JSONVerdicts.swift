// For differential.py: reads every file in the folders it is given and
// prints, per file, `PATH<TAB>accept<TAB>CANONICAL` or `NAME<TAB>refuse<TAB>LINE:COLUMN: message`.
// Built by differential.sh from the parser's own files without the fuzzer.

import Foundation

@main
struct JSONVerdicts {
    static func main() throws {
        var out = ""
        for folder in CommandLine.arguments.dropFirst() {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
                guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
                switch Result(catching: { () throws(JSONSyntaxError) in try JSONParser.parse(data) }) {
                case .success(let value): out += "\(folder)/\(name)\taccept\t\(canonicalText(value))\n"
                case .failure(let error): out += "\(folder)/\(name)\trefuse\t\(error.description.replacingOccurrences(of: "\n", with: "\\n"))\n"
                }
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
