import HTTP

extension HubSpotAPI {
    /// Bytes the server refused before they became a request, in HubSpot's
    /// one error object (`{"status":"error","message","correlationId","category"}`).
    /// HubSpot documents no category for these statuses, so a refusal of the
    /// client's bytes is a `VALIDATION_ERROR` (the category of every 4xx
    /// about what was sent) and one of the server's own making an `INTERNAL_ERROR`.
    func refusal(_ error: HTTPDecodingError) -> HTTPResponse {
        HubSpotError(error.status, error.status.code < 500 ? "VALIDATION_ERROR" : "INTERNAL_ERROR", error.reason).response
    }
}
