extension Scenario {
    /// The scenario with its time limit and every expectation's deadline
    /// (`withinSeconds`, a `noWrite` window included) multiplied by `factor`,
    /// for machines slower than the ones the library was written on
    /// (`--timeout-scale`). Fixed pauses (`waitSeconds`) stay as written.
    public func scalingTimeouts(by factor: Double) -> Scenario {
        precondition(factor > 0, "a timeout scale is positive")
        guard factor != 1 else { return self }
        var scaled = self
        scaled.timeoutSeconds *= factor
        scaled.setup = setup.map { $0.scalingDeadline(by: factor) }
        scaled.steps = steps.map { $0.scalingDeadline(by: factor) }
        return scaled
    }
}

extension Step {
    func scalingDeadline(by factor: Double) -> Step {
        guard case .expect(var expectation) = kind else { return self }
        expectation.withinSeconds *= factor
        var scaled = self
        scaled.kind = .expect(expectation)
        return scaled
    }
}
