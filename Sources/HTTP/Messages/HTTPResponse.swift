import Foundation

/// A response a handler returns. The server adds `Content-Length`, `Date` and
/// `Connection` itself, so handlers cannot frame a message wrongly.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: Data
    /// What the connection does with this response; faults use the other cases.
    public var action: ConnectionAction
    /// Changes to how a sent response's bytes travel (`.send`/`.sendThenClose`
    /// only), in order: bandwidth, chunks with pauses, a cut, a slow close.
    public var shapers: [any DeliveryShaper] = []

    /// Ways to deliver (or fail to deliver) a response, for simulating broken
    /// networks. Only the fault layer should need anything but `.send`.
    public enum ConnectionAction: Sendable, Equatable {
        /// Send the response; keep the connection if the request allows.
        case send
        /// Send the response, then close the connection.
        case sendThenClose
        /// Send nothing and reset the connection (TCP RST).
        case reset
        /// Send the head and the first `bytes` of the body, then close.
        case truncateBody(afterBytes: Int)
        /// Send nothing for `milliseconds`, then close (a hung upstream).
        case holdOpen(milliseconds: Int)
    }

    public init(
        status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data(),
        action: ConnectionAction = .send
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.action = action
    }

    /// A response with a body of serialised JSON (any JSONSerialization value).
    public static func json(_ status: HTTPStatus = .ok, _ object: Any, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data("null".utf8)
        return json(status, data: data, headers: headers)
    }

    /// A response whose body is already-encoded JSON.
    public static func json(_ status: HTTPStatus = .ok, data: Data, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var h = headers
        if !h.contains("Content-Type") { h["Content-Type"] = "application/json;charset=UTF-8" }
        return HTTPResponse(status: status, headers: h, body: data)
    }

    /// A plain-text response.
    public static func text(_ status: HTTPStatus, _ text: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var h = headers
        if !h.contains("Content-Type") { h["Content-Type"] = "text/plain; charset=utf-8" }
        return HTTPResponse(status: status, headers: h, body: Data(text.utf8))
    }
}
