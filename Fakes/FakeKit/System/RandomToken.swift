/// Secrets the fakes hand out (API keys, access and refresh tokens): random
/// per run, so no connector can pass with a value it learned elsewhere.
public enum RandomToken {
    public enum Alphabet: Sendable {
        /// Lower-case letters and digits (the PRM's keys).
        case lowercase
        /// Both cases and digits (Salesforce's tokens and secrets).
        case mixedCase

        var characters: [Character] {
            switch self {
            case .lowercase: Array("abcdefghijklmnopqrstuvwxyz0123456789")
            case .mixedCase: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
            }
        }
    }

    /// `length` random characters of `alphabet`.
    public static func make(_ length: Int, alphabet: Alphabet = .lowercase) -> String {
        let characters = alphabet.characters
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in characters[Int(generator.next() % UInt64(characters.count))] })
    }
}
