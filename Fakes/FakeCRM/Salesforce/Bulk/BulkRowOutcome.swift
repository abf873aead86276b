import FakeKit

/// What became of one row of ingest data: Salesforce reports each row in
/// the job's successful, failed or unprocessed results, beside the values
/// it was sent with.
enum BulkRowOutcome: Sendable {
    case succeeded(id: String, created: Bool)
    case failed(id: String?, error: SalesforceError)

    /// `STATUS_CODE:message:fields --`, Salesforce's `sf__Error` text.
    static func errorText(_ error: SalesforceError) -> String {
        "\(error.errorCode):\(error.message):\((error.fields ?? []).joined(separator: ",")) --"
    }
}
