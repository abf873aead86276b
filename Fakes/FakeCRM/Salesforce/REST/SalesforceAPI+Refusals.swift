import HTTP

extension SalesforceAPI {
    /// Bytes the server refused before they became a request, in the REST
    /// API's error array. Salesforce documents the statuses (431 when the URI
    /// and headers pass 16,384 bytes, 414 when the URI alone does, 413 for a
    /// body over the limit) but not an `errorCode` for them, so the code
    /// names the status in Salesforce's own upper-snake style.
    func refusal(_ error: HTTPDecodingError) -> HTTPResponse {
        SalesforceError(error.status, Self.refusalCode(error.status), error.reason).response
    }

    static func refusalCode(_ status: HTTPStatus) -> String {
        switch status.code {
        case 408: "REQUEST_TIMEOUT"
        case 413: "REQUEST_ENTITY_TOO_LARGE"
        case 414: "URI_TOO_LONG"
        case 417: "EXPECTATION_FAILED"
        case 431: "REQUEST_HEADER_FIELDS_TOO_LARGE"
        case 501: "NOT_IMPLEMENTED"
        case 503: "SERVER_UNAVAILABLE"
        case 505: "HTTP_VERSION_NOT_SUPPORTED"
        default: "BAD_REQUEST"
        }
    }
}
