/// One fault, as scenarios and the admin API write it: a JSON object keyed
/// on `"type"`. Unknown types and unknown attributes are decoding errors.
public enum FaultSpec: Codable, Sendable, Equatable {
    case latency(LatencyFault)
    case outage(OutageFault)

    public static let types = ["latency", "outage"]

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TypeKey.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "latency": self = .latency(try LatencyFault(from: decoder))
        case "outage": self = .outage(try OutageFault(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown fault type '\(type)' (known: \(Self.types.joined(separator: ", ")))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .latency(let fault): try fault.encode(to: encoder)
        case .outage(let fault): try fault.encode(to: encoder)
        }
    }

    var scope: FaultScope {
        switch self {
        case .latency(let fault): fault.scope
        case .outage(let fault): fault.scope
        }
    }
}
