/// Why a scenario could not go on (the connector died, a refused act).
struct RunFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
