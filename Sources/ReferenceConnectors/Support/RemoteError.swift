/// What went wrong talking to a system, sorted by what the connector should do about it.
enum RemoteError: Error, CustomStringConvertible {
    /// Try again later: 5xx, a reset or timeout.
    case transient(String)
    /// Told to slow down: wait this long before the next request.
    case throttled(String, waitSeconds: Double)
    /// The request itself is wrong for this record (validation, unknown field): alert, skip it.
    case permanent(status: Int, String)
    /// Credentials no longer work and could not be renewed.
    case authentication(String)

    var description: String {
        switch self {
        case .transient(let text): "transient: \(text)"
        case .throttled(let text, let wait): "throttled (\(wait) s): \(text)"
        case .permanent(let status, let text): "HTTP \(status): \(text)"
        case .authentication(let text): "authentication: \(text)"
        }
    }
}
