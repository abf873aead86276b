import FakeKit

/// A rule keyed on any field, custom ones included: when a record of
/// `object` is written with `whenField` equal to `equals`, the PRM sets
/// `setField` to `value` (a routing or segmentation rule on a mirrored field).
public struct SegmentationRule: Sendable, Equatable {
    public let name: String
    public let object: String
    public let whenField: String
    public let equals: JSONValue
    public let setField: String
    public let value: JSONValue
}
