/// One fault, as scenarios and the admin API write it: a JSON object keyed
/// on `"type"`. Unknown types and unknown attributes are decoding errors.
///
/// Two families: traffic faults (`latency`, `outage`, `throttle`) are layers
/// that stay active in the fault pipeline until cleared or ended by their
/// scope; changes (`drift`, `auth`, `retireVersions`) are applied to the fake
/// once, at the moment they are injected, and only recorded.
public enum FaultSpec: Codable, Sendable, Equatable {
    case latency(LatencyFault)
    case outage(OutageFault)
    case throttle(ThrottleFault)
    case drift(DriftFault)
    case auth(AuthFault)
    case retireVersions(VersionRetirementFault)

    public static let types = ["latency", "outage", "throttle", "drift", "auth", "retireVersions"]

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TypeKey.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "latency": self = .latency(try LatencyFault(from: decoder))
        case "outage": self = .outage(try OutageFault(from: decoder))
        case "throttle": self = .throttle(try ThrottleFault(from: decoder))
        case "drift": self = .drift(try DriftFault(from: decoder))
        case "auth": self = .auth(try AuthFault(from: decoder))
        case "retireVersions": self = .retireVersions(try VersionRetirementFault(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown fault type '\(type)' (known: \(Self.types.joined(separator: ", ")))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .latency(let fault): try fault.encode(to: encoder)
        case .outage(let fault): try fault.encode(to: encoder)
        case .throttle(let fault): try fault.encode(to: encoder)
        case .drift(let fault): try fault.encode(to: encoder)
        case .auth(let fault): try fault.encode(to: encoder)
        case .retireVersions(let fault): try fault.encode(to: encoder)
        }
    }

    /// The value's `type`, as written.
    public var type: String {
        switch self {
        case .latency: "latency"
        case .outage: "outage"
        case .throttle: "throttle"
        case .drift: "drift"
        case .auth: "auth"
        case .retireVersions: "retireVersions"
        }
    }

    /// Which requests a traffic fault applies to; nil for changes applied once.
    public var scope: FaultScope? {
        switch self {
        case .latency(let fault): fault.scope
        case .outage(let fault): fault.scope
        case .throttle(let fault): fault.scope
        case .drift, .auth, .retireVersions: nil
        }
    }

    /// Whether this is a layer over traffic (kept in the pipeline) rather than a change applied once.
    public var isTraffic: Bool { scope != nil }
}
