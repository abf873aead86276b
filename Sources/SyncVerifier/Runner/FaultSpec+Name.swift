import FakeKit
import Foundation

extension FaultSpec {
    /// The value's `"type"` as written (`latency`, `outage`, …), for evidence.
    var typeName: String {
        guard let data = try? JSONEncoder().encode(self), let json = try? JSONDecoder().decode(JSONValue.self, from: data) else { return "fault" }
        return json["type"]?.stringValue ?? "fault"
    }
}
