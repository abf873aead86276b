import Foundation
import Testing

@testable import FakeKit

@Suite(.tags(.inMemory)) struct JournalTests {
    @Test func entriesAreSequencedAndStampedByTheSharedClock() {
        let clock = JournalClock(manualStart: Date(timeIntervalSince1970: 1_700_000_000))
        let journal = Journal(system: "crm", clock: clock)
        journal.append(actor: "harness", operation: .create, object: "Account", recordID: "001", before: nil, after: ["Name": "Acme"], channel: "seed")
        clock.advance(by: 0.25)
        let second = journal.append(
            actor: "client-1", operation: .update, object: "Account", recordID: "001", before: ["Name": "Acme"],
            after: ["Name": "Acme Corp"], channel: "rest")
        #expect(journal.count == 2)
        #expect(second.sequence == 2)
        #expect(second.time == Date(timeIntervalSince1970: 1_700_000_000.25))
        #expect(second.changedFields == ["Name"])
        #expect(journal.entries(after: 1).map(\.sequence) == [2])
    }

    @Test func systemClockNeverGoesBackwards() {
        let clock = JournalClock()
        var previous = clock.now()
        for _ in 0..<1000 {
            let next = clock.now()
            #expect(next > previous)
            previous = next
        }
    }
}
