/// POSIX shell quoting, for commands and `export` lines people paste into a shell.
public enum ShellQuote {
    /// The word unchanged when the shell would read it as it is, else in single
    /// quotes with each `'` written `'\''`.
    public static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "@%+=:,./_-".unicodeScalars.contains(scalar))
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
