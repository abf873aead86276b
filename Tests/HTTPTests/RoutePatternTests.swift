import Testing

@testable import HTTP

@Suite(.tags(.inMemory)) struct RoutePatternTests {
    @Test func capturesParametersAndRest() {
        let pattern = RoutePattern("/services/data/:version/sobjects/:object/*rest")
        #expect(pattern.match("/services/data/v59.0/sobjects/Account/Ext__c/A%2F1") == ["version": "v59.0", "object": "Account", "rest": "Ext__c/A/1"])
        #expect(RoutePattern("/a/:b").match("/a/x/") == ["b": "x"])
        #expect(RoutePattern("/a/:b").match("/a") == nil)
        #expect(RoutePattern("/a/:b").match("/a/x/y") == nil)
        #expect(RoutePattern("/").match("/") == [:])
    }
}
