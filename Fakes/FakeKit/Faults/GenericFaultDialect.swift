import HTTP

/// A dialect given only its outage answer; everything else is the
/// protocol's defaults (429 with `Retry-After`, token fingerprints).
public struct GenericFaultDialect: FaultDialect {
    let outageAnswer: @Sendable (HTTPStatus) -> HTTPResponse

    public init(outageAnswer: @escaping @Sendable (HTTPStatus) -> HTTPResponse) { self.outageAnswer = outageAnswer }

    public func outage(status: HTTPStatus) -> HTTPResponse { outageAnswer(status) }
}
