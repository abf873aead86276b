/// An error that knows how it should be answered. Anything else a handler
/// throws becomes a 500 with no details leaked.
public protocol HTTPResponseError: Error {
    var response: HTTPResponse { get }
}

/// The simplest such error: a status and a plain-text message.
public struct HTTPError: HTTPResponseError, CustomStringConvertible {
    public let status: HTTPStatus
    public let message: String
    public init(_ status: HTTPStatus, _ message: String) {
        self.status = status
        self.message = message
    }
    public var response: HTTPResponse { .text(status, message + "\n") }
    public var description: String { "\(status): \(message)" }
}

extension HTTPHandler {
    /// Calls `handle` and turns a thrown error into its response.
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        do {
            return try handle(request)
        } catch let error as any HTTPResponseError {
            return error.response
        } catch {
            return .text(.internalServerError, "Internal Server Error\n")
        }
    }
}
