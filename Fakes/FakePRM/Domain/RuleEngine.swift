import FakeKit
import Synchronization

/// Applies segmentation rules on every write, inside the store's own write
/// (as a derivation), so a rule's effect is journaled with the write that
/// triggered it.
final class RuleEngine: FieldDerivation {
    private let rules = Mutex<[SegmentationRule]>([])

    func add(_ rule: SegmentationRule) { rules.withLock { $0.append(rule) } }
    var all: [SegmentationRule] { rules.withLock { $0 } }

    func derive(
        object: ObjectDefinition, field: (String) -> FieldDefinition?, previous: Record?, changed: Set<String>,
        fields: inout [String: JSONValue]
    ) {
        for rule in all where rule.object == object.name {
            guard let when = field(rule.whenField), let target = field(rule.setField) else { continue }
            let current = fields[when.name] ?? .null
            if current == rule.equals || (current.stringValue != nil && current.stringValue == rule.equals.stringValue) {
                fields[target.name] = rule.value
            }
        }
    }
}
