import FakeKit
import Foundation
import Testing

/// The token books every OAuth fake keeps: issue, expire, revoke by refresh
/// token or by client, and spend a refresh token.
@Suite(.tags(.inMemory)) struct TokenLedgerTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func ledger() -> TokenLedger<[String]> {
        var ledger = TokenLedger<[String]>()
        ledger.issueRefresh("r1", clientID: "app", grant: ["crm.read"], now: now)
        ledger.issueAccess("a1", clientID: "app", grant: ["crm.read"], now: now, seconds: 1800, from: "r1")
        ledger.issueAccess("a2", clientID: "app", grant: ["crm.read"], now: now, seconds: 1800, from: nil)
        ledger.issueAccess("b1", clientID: "other", grant: [], now: now, seconds: 60, from: nil)
        return ledger
    }

    @Test func anAccessTokenLivesItsSecondsAndRemembersItsRefreshToken() throws {
        let entry = try #require(ledger().accessToken("a1"))
        #expect(entry.clientID == "app" && entry.grant == ["crm.read"] && entry.refreshToken == "r1")
        #expect(entry.expiresAt == now.addingTimeInterval(1800) && entry.issuedAt == now)
        #expect(ledger().refreshToken("r1")?.expiresAt == .distantFuture)
        #expect(ledger().accessToken("nope") == nil)
    }

    @Test func expiringCountsOnlyTheLiveAccessTokensAndKeepsRefreshTokens() {
        var books = ledger()
        let live = books.expireAllAccessTokens(now: now.addingTimeInterval(120))
        #expect(live == 2)
        #expect(books.accessToken("a1")?.expiresAt == now.addingTimeInterval(120))
        #expect(books.accessToken("b1")?.expiresAt == now.addingTimeInterval(60), "an already expired token keeps its time")
        #expect(books.refreshToken("r1") != nil)
        let again = books.expireAllAccessTokens(now: now.addingTimeInterval(120))
        #expect(again == 0)
    }

    @Test func revokingARefreshTokenEndsTheAccessTokensIssuedFromIt() {
        var books = ledger()
        let revoked = books.revoke(refreshToken: "r1")
        #expect(revoked)
        #expect(books.refreshToken("r1") == nil && books.accessToken("a1") == nil)
        #expect(books.accessToken("a2") != nil)
        let twice = books.revoke(refreshToken: "r1")
        #expect(!twice)
    }

    @Test func revokingAClientEndsEveryTokenItHoldsAndNoOther() {
        var books = ledger()
        books.revokeAll(clientID: "app")
        #expect(books.accessToken("a1") == nil && books.accessToken("a2") == nil && books.refreshToken("r1") == nil)
        #expect(books.accessToken("b1") != nil)
    }

    @Test func aSpentRefreshTokenIsGone() {
        var books = ledger()
        let spent = books.spendRefreshToken("r1")
        #expect(spent?.clientID == "app")
        let again = books.spendRefreshToken("r1")
        #expect(books.refreshToken("r1") == nil && again == nil)
    }
}
