import Foundation

/// Small inline SVG charts for the HTML reports: no scripts, no network.
enum SVGCharts {
    static let colors: [ItemStatus: String] = [
        .pass: "#2e7d32", .partial: "#f9a825", .fail: "#c62828", .unsupported: "#6d4c41", .notRun: "#bdbdbd",
    ]

    /// A histogram of lag samples (seconds) in up to 12 buckets.
    static func histogram(_ samples: [Double], title: String) -> String {
        let width = 520.0
        let height = 180.0
        guard let top = samples.max(), !samples.isEmpty else {
            return "<svg role=\"img\" aria-label=\"\(title)\" width=\"\(Int(width))\" height=\"40\" xmlns=\"http://www.w3.org/2000/svg\"><text x=\"8\" y=\"24\" font-size=\"13\">No samples</text></svg>"
        }
        let buckets = 12
        let span = max(top, 0.001)
        var counts = [Int](repeating: 0, count: buckets)
        for sample in samples { counts[min(buckets - 1, Int(sample / span * Double(buckets)))] += 1 }
        let most = Double(counts.max() ?? 1)
        let barWidth = (width - 60) / Double(buckets)
        var out = "<svg role=\"img\" aria-label=\"\(title)\" width=\"\(Int(width))\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title>\(title)</title>"
        for (index, count) in counts.enumerated() {
            let h = Double(count) / most * (height - 50)
            let x = 40 + Double(index) * barWidth
            out += "<rect class=\"bar\" x=\"\(f(x))\" y=\"\(f(height - 30 - h))\" width=\"\(f(barWidth - 2))\" height=\"\(f(h))\" fill=\"#1565c0\"><title>\(count) changes, \(f(span * Double(index) / Double(buckets)))–\(f(span * Double(index + 1) / Double(buckets))) s</title></rect>"
            if count > 0 { out += "<text x=\"\(f(x + barWidth / 2 - 4))\" y=\"\(f(height - 34 - h))\" font-size=\"10\">\(count)</text>" }
        }
        out += "<line x1=\"40\" y1=\"\(f(height - 30))\" x2=\"\(f(width - 20))\" y2=\"\(f(height - 30))\" stroke=\"#333\"/>"
        out += "<text x=\"40\" y=\"\(f(height - 12))\" font-size=\"11\">0 s</text><text x=\"\(f(width - 80))\" y=\"\(f(height - 12))\" font-size=\"11\">\(f(span)) s</text>"
        return out + "</svg>"
    }

    /// Horizontal bars: share of sentinel values intact, by field type.
    static func coverage(_ byType: [String: Metrics.TypeCoverage]) -> String {
        let rows = byType.sorted { $0.key < $1.key }
        guard !rows.isEmpty else {
            return "<svg role=\"img\" aria-label=\"Field coverage by type\" width=\"520\" height=\"40\" xmlns=\"http://www.w3.org/2000/svg\"><text x=\"8\" y=\"24\" font-size=\"13\">No sentinel values were traced</text></svg>"
        }
        let rowHeight = 22.0
        let height = Double(rows.count) * rowHeight + 10
        var out = "<svg role=\"img\" aria-label=\"Field coverage by type\" width=\"520\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\"><title>Field coverage by type</title>"
        for (index, (type, coverage)) in rows.enumerated() {
            let y = 5 + Double(index) * rowHeight
            let share = coverage.traced == 0 ? 0 : Double(coverage.intact) / Double(coverage.traced)
            let arrived = coverage.traced == 0 ? 0 : Double(coverage.arrived) / Double(coverage.traced)
            out += "<text x=\"0\" y=\"\(f(y + 14))\" font-size=\"12\">\(type)</text>"
            out += "<rect x=\"110\" y=\"\(f(y))\" width=\"300\" height=\"16\" fill=\"#eeeeee\"/>"
            out += "<rect x=\"110\" y=\"\(f(y))\" width=\"\(f(300 * arrived))\" height=\"16\" fill=\"#ffcc80\"><title>\(coverage.arrived) of \(coverage.traced) arrived</title></rect>"
            out += "<rect class=\"coverage\" x=\"110\" y=\"\(f(y))\" width=\"\(f(300 * share))\" height=\"16\" fill=\"#2e7d32\"><title>\(coverage.intact) of \(coverage.traced) intact</title></rect>"
            out += "<text x=\"420\" y=\"\(f(y + 13))\" font-size=\"12\">\(coverage.intact)/\(coverage.traced)</text>"
        }
        return out + "</svg>"
    }

    /// The checklist as a grid of coloured cells, one row per connector.
    static func grid(_ cards: [Scorecard]) -> String {
        let items = ChecklistCatalogue.items
        let cell = 16.0
        let left = 150.0
        let width = left + Double(items.count) * (cell + 2) + 10
        let height = 20 + Double(cards.count) * (cell + 4)
        var out = "<svg role=\"img\" aria-label=\"Checklist grid\" width=\"\(Int(width))\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\"><title>Checklist grid</title>"
        for (row, card) in cards.enumerated() {
            let y = 10 + Double(row) * (cell + 4)
            out += "<text x=\"0\" y=\"\(f(y + 12))\" font-size=\"12\">\(ReportFormatting.escapeXML(String(card.connector.prefix(20))))</text>"
            for (column, item) in items.enumerated() {
                let status = card.item(item.id)?.status ?? .notRun
                out += "<rect class=\"cell \(status.rawValue)\" x=\"\(f(left + Double(column) * (cell + 2)))\" y=\"\(f(y))\" width=\"\(f(cell))\" height=\"\(f(cell))\" fill=\"\(colors[status]!)\"><title>\(item.id): \(status.rawValue)</title></rect>"
            }
        }
        return out + "</svg>"
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
