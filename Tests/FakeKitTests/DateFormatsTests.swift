import Foundation
import Testing
@testable import FakeKit

@Suite("Date formats", .tags(.inMemory))
struct DateFormatsTests {
    /// A date-time read from one system and written by another keeps every
    /// millisecond (found by the reference connector: .239 came back as .238).
    @Test func everyMillisecondSurvivesARoundTrip() throws {
        for millisecond in 0..<1000 {
            let text = "2026-11-23T06:23:59.\(String(format: "%03d", millisecond))+0000"
            let date = try #require(DateFormats.parseDateTime(text))
            #expect(DateFormats.formatDateTime(date) == text)
            #expect(DateFormats.formatISO(date) == "2026-11-23T06:23:59.\(String(format: "%03d", millisecond))Z")
        }
    }
}
