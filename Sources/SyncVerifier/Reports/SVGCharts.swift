import Foundation

/// Small inline SVG charts for the HTML reports: no scripts, no network.
/// Everything a reader needs is printed on the chart (axes, units, labels),
/// so a printed report says as much as one on screen; tooltips only repeat it.
enum SVGCharts {
    static let colors: [ItemStatus: String] = [
        .pass: "#2e7d32", .partial: "#f9a825", .fail: "#c62828", .unsupported: "#6d4c41", .notRun: "#bdbdbd",
    ]

    /// A histogram of lag samples (seconds) in up to 12 buckets, with a
    /// seconds axis below and a count axis on the left.
    static func histogram(_ samples: [Double], title: String) -> String {
        let esc = ReportFormatting.escapeXML
        let width = 520.0
        let height = 210.0
        guard let top = samples.max(), !samples.isEmpty else {
            return "<svg role=\"img\" aria-label=\"\(esc(title))\" width=\"\(Int(width))\" height=\"40\" xmlns=\"http://www.w3.org/2000/svg\"><text x=\"8\" y=\"24\" font-size=\"13\">No samples</text></svg>"
        }
        let buckets = 12
        let span = max(top, 0.001)
        var counts = [Int](repeating: 0, count: buckets)
        for sample in samples { counts[min(buckets - 1, Int(sample / span * Double(buckets)))] += 1 }
        let most = max(1, counts.max() ?? 1)
        let left = 48.0
        let right = width - 16
        let baseline = height - 44
        let plotTop = 14.0
        let barWidth = (right - left) / Double(buckets)
        var out = "<svg role=\"img\" aria-label=\"\(esc(title))\" width=\"\(Int(width))\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title>\(esc(title))</title>"
        // Count axis: 0, the middle and the top, with light grid lines.
        for tick in Set([0, most / 2, most]).sorted() {
            let y = baseline - Double(tick) / Double(most) * (baseline - plotTop)
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(right))\" y2=\"\(f(y))\" stroke=\"#e0e0e0\"/>"
            out += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" font-size=\"10\" text-anchor=\"end\">\(tick)</text>"
        }
        out += "<line class=\"axis y\" x1=\"\(f(left))\" y1=\"\(f(plotTop))\" x2=\"\(f(left))\" y2=\"\(f(baseline))\" stroke=\"#333\"/>"
        out += "<text class=\"axis-label\" x=\"12\" y=\"\(f((plotTop + baseline) / 2))\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(f((plotTop + baseline) / 2)))\">changes</text>"
        for (index, count) in counts.enumerated() {
            let h = Double(count) / Double(most) * (baseline - plotTop)
            let x = left + Double(index) * barWidth
            out += "<rect class=\"bar\" x=\"\(f(x + 1))\" y=\"\(f(baseline - h))\" width=\"\(f(barWidth - 2))\" height=\"\(f(h))\" fill=\"#1565c0\"><title>\(Plural.of(count, "change")), \(f(span * Double(index) / Double(buckets)))–\(f(span * Double(index + 1) / Double(buckets))) s</title></rect>"
        }
        // Seconds axis: a tick at every third bucket edge.
        out += "<line class=\"axis x\" x1=\"\(f(left))\" y1=\"\(f(baseline))\" x2=\"\(f(right))\" y2=\"\(f(baseline))\" stroke=\"#333\"/>"
        for edge in stride(from: 0, through: buckets, by: 3) {
            let x = left + Double(edge) * barWidth
            out += "<line x1=\"\(f(x))\" y1=\"\(f(baseline))\" x2=\"\(f(x))\" y2=\"\(f(baseline + 4))\" stroke=\"#333\"/>"
            out += "<text class=\"tick\" x=\"\(f(x))\" y=\"\(f(baseline + 16))\" font-size=\"10\" text-anchor=\"middle\">\(number(span * Double(edge) / Double(buckets)))</text>"
        }
        out += "<text class=\"axis-label\" x=\"\(f((left + right) / 2))\" y=\"\(f(height - 8))\" font-size=\"11\" text-anchor=\"middle\">seconds from the source write to the target write</text>"
        return out + "</svg>"
    }

    /// Horizontal bars: share of sentinel values intact, by field type, on a 0–100 % axis.
    static func coverage(_ byType: [String: Metrics.TypeCoverage]) -> String {
        let esc = ReportFormatting.escapeXML
        let rows = byType.sorted { $0.key < $1.key }
        guard !rows.isEmpty else {
            return "<svg role=\"img\" aria-label=\"Field coverage by type\" width=\"520\" height=\"40\" xmlns=\"http://www.w3.org/2000/svg\"><text x=\"8\" y=\"24\" font-size=\"13\">No sentinel values were traced</text></svg>"
        }
        let rowHeight = 22.0
        let labelWidth = max(90, Double(rows.map(\.key.count).max() ?? 0) * 7 + 12)
        let barLeft = labelWidth
        let barWidth = 300.0
        let width = barLeft + barWidth + 70
        let plotHeight = Double(rows.count) * rowHeight
        let height = plotHeight + 44
        var out = "<svg role=\"img\" aria-label=\"Field coverage by type\" width=\"\(Int(width))\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\"><title>Field coverage by type</title>"
        for (index, (type, coverage)) in rows.enumerated() {
            let y = 5 + Double(index) * rowHeight
            let share = coverage.traced == 0 ? 0 : Double(coverage.intact) / Double(coverage.traced)
            let arrived = coverage.traced == 0 ? 0 : Double(coverage.arrived) / Double(coverage.traced)
            out += "<text class=\"label\" x=\"\(f(barLeft - 8))\" y=\"\(f(y + 13))\" font-size=\"12\" text-anchor=\"end\">\(esc(type))</text>"
            out += "<rect x=\"\(f(barLeft))\" y=\"\(f(y))\" width=\"\(f(barWidth))\" height=\"16\" fill=\"#eeeeee\"/>"
            out += "<rect x=\"\(f(barLeft))\" y=\"\(f(y))\" width=\"\(f(barWidth * arrived))\" height=\"16\" fill=\"#ffcc80\"><title>\(coverage.arrived) of \(coverage.traced) arrived</title></rect>"
            out += "<rect class=\"coverage\" x=\"\(f(barLeft))\" y=\"\(f(y))\" width=\"\(f(barWidth * share))\" height=\"16\" fill=\"#2e7d32\"><title>\(coverage.intact) of \(coverage.traced) intact</title></rect>"
            out += "<text x=\"\(f(barLeft + barWidth + 8))\" y=\"\(f(y + 13))\" font-size=\"12\">\(coverage.intact)/\(coverage.traced)</text>"
        }
        let axis = 5 + plotHeight + 2
        out += "<line class=\"axis x\" x1=\"\(f(barLeft))\" y1=\"\(f(axis))\" x2=\"\(f(barLeft + barWidth))\" y2=\"\(f(axis))\" stroke=\"#333\"/>"
        for percent in stride(from: 0, through: 100, by: 25) {
            let x = barLeft + barWidth * Double(percent) / 100
            out += "<line x1=\"\(f(x))\" y1=\"\(f(axis))\" x2=\"\(f(x))\" y2=\"\(f(axis + 4))\" stroke=\"#333\"/>"
            out += "<text class=\"tick\" x=\"\(f(x))\" y=\"\(f(axis + 16))\" font-size=\"10\" text-anchor=\"middle\">\(percent)%</text>"
        }
        out += "<text class=\"axis-label\" x=\"\(f(barLeft + barWidth / 2))\" y=\"\(f(height - 4))\" font-size=\"11\" text-anchor=\"middle\">share of sentinel values that arrived intact</text>"
        return out + "</svg>"
    }

    /// The checklist as a grid of coloured cells, one row per connector, one
    /// column per item; each column is labelled with its item id (rotated),
    /// each row with the connector's full name, and each cell carries its
    /// status as a letter, so the grid reads without hovering or colour.
    static func grid(_ cards: [Scorecard]) -> String {
        let esc = ReportFormatting.escapeXML
        let items = ChecklistCatalogue.items
        let cell = 16.0
        let gap = 2.0
        let left = max(60, Double(cards.map(\.connector.count).max() ?? 0) * 7 + 12)
        let header = Double(items.map(\.id.count).max() ?? 0) * 5.6 + 12
        let width = left + Double(items.count) * (cell + gap) + 10
        let height = header + Double(cards.count) * (cell + 4) + 6
        var out = "<svg role=\"img\" aria-label=\"Checklist grid\" width=\"\(Int(width))\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\"><title>Checklist grid</title>"
        for (column, item) in items.enumerated() {
            let x = left + Double(column) * (cell + gap) + cell / 2 + 3
            let y = header - 6
            out += "<text class=\"column\" x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"10\" transform=\"rotate(-90 \(f(x)) \(f(y)))\">\(esc(item.id))</text>"
        }
        for (row, card) in cards.enumerated() {
            let y = header + Double(row) * (cell + 4)
            out += "<text class=\"row\" x=\"\(f(left - 8))\" y=\"\(f(y + 12))\" font-size=\"12\" text-anchor=\"end\">\(esc(card.connector))</text>"
            for (column, item) in items.enumerated() {
                let status = card.item(item.id)?.status ?? .notRun
                let x = left + Double(column) * (cell + gap)
                out += "<rect class=\"cell \(status.rawValue)\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(cell))\" height=\"\(f(cell))\" fill=\"\(colors[status]!)\"><title>\(esc(item.id)): \(status.rawValue)</title></rect>"
                out += "<text x=\"\(f(x + cell / 2))\" y=\"\(f(y + 12))\" font-size=\"10\" text-anchor=\"middle\" fill=\"\(status == .notRun || status == .partial ? "#212121" : "#ffffff")\">\(letters[status]!)</text>"
            }
        }
        return out + "</svg>"
    }

    /// One letter a status, printed in its cell (the legend spells them out).
    static let letters: [ItemStatus: String] = [.pass: "P", .partial: "½", .fail: "F", .unsupported: "U", .notRun: "–"]

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// An axis label: whole numbers plain, others to two significant decimals.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : (value < 10 ? String(format: "%.2f", value) : String(format: "%.1f", value))
    }
}
