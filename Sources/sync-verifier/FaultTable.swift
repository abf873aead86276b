import FakeKit

/// `fault list` as a table, and values shown the way a person reads them.
enum FaultTable {
    static func render(_ rows: [(FaultSide, JSONValue)]) -> String {
        guard !rows.isEmpty else { return "no faults\n" }
        let header = ["SIDE", "ID", "TYPE", "STATE", "MATCHED", "AFFECTED", "ATTRIBUTES"]
        let cells = rows.map { side, record -> [String] in
            var spec = compact(record["spec"] ?? .null).objectValue ?? [:]
            spec["type"] = nil
            return [
                side.rawValue, record["id"].map(show) ?? "", record["type"].map(show) ?? "",
                record["state"].map(show) ?? "",
                record["matched"].map(show) ?? "", record["affected"].map(show) ?? "",
                spec.isEmpty ? "" : show(.object(spec)) + (record["error"].map { "  error: " + show($0) } ?? ""),
            ]
        }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        return ([header] + cells).map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// A fault's spec without the scope attributes that hold their defaults.
    static func compact(_ spec: JSONValue) -> JSONValue {
        guard var object = spec.objectValue, var scope = object["scope"]?.objectValue else { return spec }
        for attribute in FaultDescription.scope
        where scope[attribute.name] == attribute.defaultValue || scope[attribute.name] == .array([]) {
            scope[attribute.name] = nil
        }
        object["scope"] = scope.isEmpty ? nil : .object(scope)
        return .object(object)
    }

    static func show(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return OrderedJSON.value(value).text
    }
}

/// `fault types`: every fault type and its attributes, from the descriptions.
enum FaultTypesText {
    static var text: String {
        var out = ""
        for description in FaultSpec.descriptions {
            out +=
                "\(description.type)  (\(description.isTraffic ? "traffic fault" : "change, applied at once"))\n  \(description.summary)\n"
            for attribute in description.attributes { out += "  " + line(attribute) + "\n" }
            for variant in description.variants {
                let names = variant.required.map { "--\($0)" } + variant.optional.map { "[--\($0)]" }
                out +=
                    "  \(description.discriminator ?? "") \(variant.value): \(names.joined(separator: " "))\(variant.rule.map { " (\($0))" } ?? "")\n"
            }
            for rule in description.rules { out += "  rule: \(rule)\n" }
            if description.isTraffic {
                out += "  --scope attributes: \(FaultDescription.scope.map { "--\($0.name)" }.joined(separator: " "))\n"
            }
            out += "  example: \(OrderedJSON.value(description.examples[0]).text)\n\n"
        }
        out += "scope (every traffic fault)\n"
        for attribute in FaultDescription.scope { out += "  " + line(attribute) + "\n" }
        return out
    }

    static func line(_ attribute: FaultAttribute) -> String {
        var facts = [attribute.kind.rawValue]
        if let unit = attribute.unit { facts.append(unit.rawValue) }
        if attribute.required { facts.append("required") }
        if let value = attribute.defaultValue { facts.append("default \(FaultTable.show(value))") }
        if let absent = attribute.absentMeans { facts.append("left out: \(absent)") }
        if !attribute.allowed.isEmpty, attribute.allowed.count <= 12 {
            facts.append("one of \(attribute.allowed.map(FaultTable.show).joined(separator: ", "))")
        }
        return "--\(attribute.name) (\(facts.joined(separator: "; "))): \(attribute.summary)"
    }
}
