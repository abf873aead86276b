/// How much each checklist item counts toward the score. Data flows and
/// integrity are what the buyer's guide says break businesses (lost deals,
/// wrong payouts), so they weigh most; setup conveniences least.
///
/// score = 100 × Σ weight × value / Σ weight, over the items that were run,
/// where value is 1 for pass, the fraction for partial, 0 for fail and
/// unsupported. Items not run are left out (a `--filter`ed run is scored on
/// what it ran); `--require` is how a gate insists on an item.
public enum Weights {
    public static func weight(_ id: String) -> Double {
        switch id.split(separator: ".").first {
        case "flow", "integrity", "security": 3
        case "setup": 1
        default: 2
        }
    }

    public static func value(_ verdict: ItemVerdict) -> Double? {
        switch verdict.status {
        case .pass: 1
        case .partial: verdict.fraction ?? 0
        case .fail, .unsupported: 0
        case .notRun: nil
        }
    }

    public static func score(_ items: [ItemVerdict]) -> Double {
        var total = 0.0
        var earned = 0.0
        for item in items {
            guard let value = value(item) else { continue }
            total += weight(item.id)
            earned += weight(item.id) * value
        }
        return total == 0 ? 0 : (earned / total * 1000).rounded() / 10
    }
}
