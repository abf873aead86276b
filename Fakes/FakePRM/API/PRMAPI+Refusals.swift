import HTTP

extension PRMAPI {
    /// Bytes the server refused before they became a request, in the PRM's
    /// one error shape (`{"error":{"status","code","message","field"}}`).
    func refusal(_ error: HTTPDecodingError) -> HTTPResponse {
        PRMError(error.status, Self.refusalCode(error.status), error.reason).response
    }

    static func refusalCode(_ status: HTTPStatus) -> String {
        switch status.code {
        case 408: "request_timeout"
        case 413: "payload_too_large"
        case 414: "uri_too_long"
        case 417: "expectation_failed"
        case 431: "headers_too_large"
        case 501: "not_implemented"
        case 503: "unavailable"
        case 505: "http_version_not_supported"
        default: "bad_request"
        }
    }
}
