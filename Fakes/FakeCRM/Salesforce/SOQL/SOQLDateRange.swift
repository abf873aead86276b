import FakeKit
import Foundation

/// The [start, end) interval, in UTC, that a relative date literal such as
/// `LAST_N_DAYS:30` covers at a given moment (Salesforce's definitions, with
/// weeks starting on Sunday and calendar quarters).
enum SOQLDateRange {
    static func range(_ name: String, n: Int?, now: Date) -> (start: Date, end: Date) {
        let c = DateFormats.components(now)
        let today = DateFormats.makeDate(c.year, c.month, c.day, 0, 0, 0, 0)!
        func day(_ offset: Int) -> Date { today.addingTimeInterval(Double(offset) * 86400) }
        func month(_ offset: Int) -> Date {
            let total = c.year * 12 + (c.month - 1) + offset
            return DateFormats.makeDate(total / 12, total % 12 + 1, 1, 0, 0, 0, 0)!
        }
        func year(_ offset: Int) -> Date { DateFormats.makeDate(c.year + offset, 1, 1, 0, 0, 0, 0)! }
        let weekday = (Int((today.timeIntervalSince1970 / 86400).rounded(.down)) + 4) % 7  // 0 = Sunday
        let weekStart = day(-weekday)
        func week(_ offset: Int) -> Date { weekStart.addingTimeInterval(Double(offset * 7) * 86400) }
        let quarterMonth = (c.month - 1) / 3 * 3 - (c.month - 1)
        let n = n ?? 0
        switch name {
        case "TODAY": return (today, day(1))
        case "YESTERDAY": return (day(-1), today)
        case "TOMORROW": return (day(1), day(2))
        case "LAST_N_DAYS": return (day(-n), day(1))
        case "NEXT_N_DAYS": return (day(1), day(n + 1))
        case "N_DAYS_AGO": return (day(-n), day(-n + 1))
        case "LAST_90_DAYS": return (day(-90), day(1))
        case "NEXT_90_DAYS": return (day(1), day(91))
        case "THIS_WEEK": return (week(0), week(1))
        case "LAST_WEEK": return (week(-1), week(0))
        case "NEXT_WEEK": return (week(1), week(2))
        case "LAST_N_WEEKS": return (week(-n), week(0))
        case "NEXT_N_WEEKS": return (week(1), week(n + 1))
        case "N_WEEKS_AGO": return (week(-n), week(-n + 1))
        case "THIS_MONTH": return (month(0), month(1))
        case "LAST_MONTH": return (month(-1), month(0))
        case "NEXT_MONTH": return (month(1), month(2))
        case "LAST_N_MONTHS": return (month(-n), month(0))
        case "NEXT_N_MONTHS": return (month(1), month(n + 1))
        case "N_MONTHS_AGO": return (month(-n), month(-n + 1))
        case "THIS_QUARTER": return (month(quarterMonth), month(quarterMonth + 3))
        case "LAST_QUARTER": return (month(quarterMonth - 3), month(quarterMonth))
        case "NEXT_QUARTER": return (month(quarterMonth + 3), month(quarterMonth + 6))
        case "THIS_YEAR": return (year(0), year(1))
        case "LAST_YEAR": return (year(-1), year(0))
        case "NEXT_YEAR": return (year(1), year(2))
        case "LAST_N_YEARS": return (year(-n), year(0))
        case "NEXT_N_YEARS": return (year(1), year(n + 1))
        case "N_YEARS_AGO": return (year(-n), year(-n + 1))
        default: return (today, today)
        }
    }
}
