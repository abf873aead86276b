import Foundation

/// Parsing and formatting of the date forms the APIs exchange, in UTC, with
/// no locale involved. Hand-written: `ISO8601DateFormatter` is slow and
/// rejects forms Salesforce accepts (`+0000` offsets, missing seconds).
public enum DateFormats {
    /// `YYYY-MM-DD` → midnight UTC of that day.
    public static func parseDate(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == 45, b[7] == 45, let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2)
        else { return nil }
        return makeDate(y, m, d, 0, 0, 0, 0)
    }

    /// `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM|±HHMM]`; no zone means UTC.
    public static func parseDateTime(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 16, b[10] == 84 || b[10] == 116 || b[10] == 32, b[13] == 58,
            let date = parseDate(String(decoding: b[0..<10], as: UTF8.self)),
            let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), hour < 24, minute < 60
        else { return nil }
        var index = 16
        var second = 0
        var fraction = 0.0
        if index < b.count, b[index] == 58 {
            guard let s = digits(b, index + 1, 2), s < 61 else { return nil }
            second = s
            index += 3
            if index < b.count, b[index] == 46 {
                index += 1
                let start = index
                while index < b.count, (48...57).contains(b[index]) { index += 1 }
                guard index > start else { return nil }
                fraction = Double("0." + String(decoding: b[start..<index], as: UTF8.self)) ?? 0
            }
        }
        var offsetSeconds = 0
        if index < b.count {
            if b[index] == 90 || b[index] == 122, index + 1 == b.count {
                index += 1
            } else if b[index] == 43 || b[index] == 45 {
                let sign = b[index] == 45 ? -1 : 1
                let rest = Array(b[(index + 1)...])
                let compact = rest.filter { $0 != 58 }
                guard compact.count == 4, rest.count == 4 || (rest.count == 5 && rest[2] == 58),
                    let oh = digits(compact, 0, 2), let om = digits(compact, 2, 2)
                else { return nil }
                offsetSeconds = sign * (oh * 3600 + om * 60)
                index = b.count
            } else {
                return nil
            }
        }
        guard index == b.count else { return nil }
        return date.addingTimeInterval(Double(hour * 3600 + minute * 60 + second - offsetSeconds) + fraction)
    }

    /// `YYYY-MM-DD` of the date in UTC.
    public static func formatDate(_ date: Date) -> String {
        let c = components(date)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    /// Salesforce's datetime form: `2024-01-31T10:00:00.000+0000`.
    public static func formatDateTime(_ date: Date) -> String {
        let c = components(date)
        return "\(formatDate(date))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(c.millisecond, 3))+0000"
    }

    /// ISO-8601 with `Z`, as most JSON APIs (the PRM) write it: `2024-01-31T10:00:00.000Z`.
    public static func formatISO(_ date: Date) -> String {
        let c = components(date)
        return "\(formatDate(date))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(c.millisecond, 3))Z"
    }

    static func isTime(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count >= 8, b[2] == 58, b[5] == 58, let h = digits(b, 0, 2), let m = digits(b, 3, 2), let s = digits(b, 6, 2) else {
            return false
        }
        return h < 24 && m < 60 && s < 60
    }

    package struct Components { package var year, month, day, hour, minute, second, millisecond: Int }

    package static func components(_ date: Date) -> Components {
        // A time parsed from `.239` is stored as a double a hair below it; the
        // microsecond of slack keeps it `.239` when written out again, so a
        // value read, stored and written back never loses a millisecond.
        let totalMilliseconds = Int((date.timeIntervalSince1970 * 1000 + 0.001).rounded(.down))
        var days = totalMilliseconds >= 0 ? totalMilliseconds / 86_400_000 : (totalMilliseconds - 86_399_999) / 86_400_000
        let msOfDay = totalMilliseconds - days * 86_400_000
        // Civil-from-days (Howard Hinnant's algorithm), proleptic Gregorian, UTC.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return Components(
            year: year, month: month, day: day, hour: msOfDay / 3_600_000, minute: msOfDay / 60000 % 60,
            second: msOfDay / 1000 % 60, millisecond: msOfDay % 1000)
    }

    package static func makeDate(_ y: Int, _ m: Int, _ d: Int, _ hh: Int, _ mm: Int, _ ss: Int, _ ms: Int) -> Date? {
        guard (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y) else { return nil }
        // Days-from-civil, the inverse of `components`.
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: Double(days * 86400 + hh * 3600 + mm * 60 + ss) + Double(ms) / 1000)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var value = 0
        for i in start..<(start + count) {
            guard (48...57).contains(b[i]) else { return nil }
            value = value * 10 + Int(b[i] - 48)
        }
        return value
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
