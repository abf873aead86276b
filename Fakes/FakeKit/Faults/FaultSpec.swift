/// One fault, as scenarios and the admin API write it: a JSON object keyed
/// on `"type"`. Unknown types and unknown attributes are decoding errors.
///
/// Two families: traffic faults (`latency`, `outage`, `throttle`, and the
/// network faults `bandwidth`, `slicer`, `timeout`, `limitData`,
/// `slowClose`) are layers that stay active in the fault pipeline until
/// cleared or ended by their scope; changes (`drift`, `auth`,
/// `retireVersions`) are applied to the fake once, at the moment they are
/// injected, and only recorded. Every type is described by a
/// `FaultDescription` (`FaultSpec.descriptions`), which its decoder checks
/// against and the documents and the command line are built from.
public enum FaultSpec: Codable, Sendable, Equatable {
    case latency(LatencyFault)
    case outage(OutageFault)
    case throttle(ThrottleFault)
    case bandwidth(BandwidthFault)
    case slicer(SlicerFault)
    case timeout(TimeoutFault)
    case limitData(LimitDataFault)
    case slowClose(SlowCloseFault)
    case drift(DriftFault)
    case auth(AuthFault)
    case retireVersions(VersionRetirementFault)

    /// Every fault type, in the order the documents list them.
    public static let descriptions: [FaultDescription] = [
        LatencyFault.description, OutageFault.description, ThrottleFault.description, BandwidthFault.description, SlicerFault.description,
        TimeoutFault.description, LimitDataFault.description, SlowCloseFault.description, DriftFault.description, AuthFault.description,
        VersionRetirementFault.description,
    ]

    public static let types = descriptions.map(\.type)

    public static func description(of type: String) -> FaultDescription? { descriptions.first { $0.type == type } }

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TypeKey.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "latency": self = .latency(try LatencyFault(from: decoder))
        case "outage": self = .outage(try OutageFault(from: decoder))
        case "throttle": self = .throttle(try ThrottleFault(from: decoder))
        case "bandwidth": self = .bandwidth(try BandwidthFault(from: decoder))
        case "slicer": self = .slicer(try SlicerFault(from: decoder))
        case "timeout": self = .timeout(try TimeoutFault(from: decoder))
        case "limitData": self = .limitData(try LimitDataFault(from: decoder))
        case "slowClose": self = .slowClose(try SlowCloseFault(from: decoder))
        case "drift": self = .drift(try DriftFault(from: decoder))
        case "auth": self = .auth(try AuthFault(from: decoder))
        case "retireVersions": self = .retireVersions(try VersionRetirementFault(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown fault type '\(type)' (known: \(Self.types.joined(separator: ", ")))")
        }
    }

    /// The value inside, whichever type it is.
    private var fault: any Encodable & Sendable {
        switch self {
        case .latency(let fault): fault
        case .outage(let fault): fault
        case .throttle(let fault): fault
        case .bandwidth(let fault): fault
        case .slicer(let fault): fault
        case .timeout(let fault): fault
        case .limitData(let fault): fault
        case .slowClose(let fault): fault
        case .drift(let fault): fault
        case .auth(let fault): fault
        case .retireVersions(let fault): fault
        }
    }

    public func encode(to encoder: any Encoder) throws { try fault.encode(to: encoder) }

    /// The description of this value's type.
    public var description: FaultDescription {
        switch self {
        case .latency: LatencyFault.description
        case .outage: OutageFault.description
        case .throttle: ThrottleFault.description
        case .bandwidth: BandwidthFault.description
        case .slicer: SlicerFault.description
        case .timeout: TimeoutFault.description
        case .limitData: LimitDataFault.description
        case .slowClose: SlowCloseFault.description
        case .drift: DriftFault.description
        case .auth: AuthFault.description
        case .retireVersions: VersionRetirementFault.description
        }
    }

    /// The value's `type`, as written.
    public var type: String { description.type }

    /// A fault that shapes answers on the wire, when this is one.
    public var network: (any NetworkFault)? { fault as? any NetworkFault }

    /// Which requests a traffic fault applies to; nil for changes applied once.
    public var scope: FaultScope? {
        switch self {
        case .latency(let fault): fault.scope
        case .outage(let fault): fault.scope
        case .throttle(let fault): fault.scope
        case .drift, .auth, .retireVersions: nil
        default: network?.scope
        }
    }

    /// Whether this is a layer over traffic (kept in the pipeline) rather than a change applied once.
    public var isTraffic: Bool { scope != nil }
}
