import Testing

@testable import FakeCRM

@Suite(.tags(.inMemory)) struct SalesforceIDTests {
    @Test func eighteenCharacterFormMatchesSalesforce() {
        // The example from Salesforce's documentation of the case-safe id.
        #expect(SalesforceID.canonical("001A0000006Vm9r") == "001A0000006Vm9rIAC")
        #expect(SalesforceID.canonical("001A0000006Vm9rIAC") == "001A0000006Vm9rIAC")
    }

    @Test func eighteenCharacterIdsCompareCaseInsensitively() {
        #expect(SalesforceID.canonical("001a0000006vm9riac") == "001A0000006Vm9rIAC")
    }

    @Test(arguments: ["", "001", "001A0000006Vm9", "001A0000006Vm9r-AC", "001A0000006Vm9rIAC1", "001A0000006Vm9rI!C"])
    func notAnID(_ text: String) {
        #expect(SalesforceID.canonical(text) == nil)
    }

    @Test func generatedIdsCarryTheKeyPrefixAndAValidSuffix() {
        let id = SalesforceID.make(prefix: "006", number: 123_456)
        #expect(id.count == 18 && id.hasPrefix("006"))
        #expect(SalesforceID.canonical(String(id.prefix(15))) == id)
    }
}
