import Foundation

/// Parsing and formatting of SigV4 request times without `DateFormatter`
/// (which is slow and not something to share across threads on the hot path).
public enum AmzDate {
    /// Parses `yyyyMMdd'T'HHmmss'Z'`, e.g. `20150830T123600Z` (UTC).
    static func parseBasic(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z"),
              let year = number(b, 0, 4), let month = number(b, 4, 2), let day = number(b, 6, 2),
              let hour = number(b, 9, 2), let minute = number(b, 11, 2), let second = number(b, 13, 2)
        else { return nil }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// Parses the HTTP `Date` form (RFC 7231 IMF-fixdate), e.g. `Mon, 09 Sep 2011 23:36:00 GMT`.
    static func parseHTTPDate(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 29, b[3] == UInt8(ascii: ","), b[4] == space, b[7] == space, b[11] == space,
              b[16] == space, b[19] == UInt8(ascii: ":"), b[22] == UInt8(ascii: ":"), b[25] == space,
              String(decoding: b[26..<29], as: UTF8.self) == "GMT",
              weekdays.contains(String(decoding: b[0..<3], as: UTF8.self)),
              let monthIndex = months.firstIndex(of: String(decoding: b[8..<11], as: UTF8.self)),
              let day = number(b, 5, 2), let year = number(b, 12, 4),
              let hour = number(b, 17, 2), let minute = number(b, 20, 2), let second = number(b, 23, 2)
        else { return nil }
        return makeDate(year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second)
    }

    /// Formats as `yyyyMMdd'T'HHmmss'Z'` in UTC, dropping fractional seconds.
    static func format(_ date: Date) -> String {
        let t = UTCTime(epochSeconds: Int(date.timeIntervalSince1970.rounded(.down)))
        var out = ""
        out.reserveCapacity(16)
        out += pad(t.year, 4) + pad(t.month, 2) + pad(t.day, 2) + "T"
        out += pad(t.hour, 2) + pad(t.minute, 2) + pad(t.second, 2) + "Z"
        return out
    }

    // MARK: - Private

    private static let space = UInt8(ascii: " ")
    private static let weekdays: Set<String> = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func number(_ bytes: [UInt8], _ start: Int, _ length: Int) -> Int? {
        var value = 0
        for byte in bytes[start..<(start + length)] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func makeDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Date? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60
        else { return nil }
        let days = days(fromCivilYear: year, month: month, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    private static func days(fromCivilYear year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// The UTC calendar fields of a whole second since 1970 (earlier instants round down), shared
/// by every timestamp format Trent writes: SigV4's, the audit record's and HTTP's `Date`.
public struct UTCTime: Sendable {
    public let daysSinceEpoch: Int
    public let year: Int, month: Int, day: Int
    public let hour: Int, minute: Int, second: Int

    public init(epochSeconds total: Int) {
        daysSinceEpoch = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondsOfDay = total - daysSinceEpoch * 86_400
        (year, month, day) = AmzDate.civil(fromDays: daysSinceEpoch)
        hour = secondsOfDay / 3600
        minute = secondsOfDay / 60 % 60
        second = secondsOfDay % 60
    }
}

extension UTCTime {
    /// `yyyy-MM-dd'T'HH:mm:ss'Z'`: CloudTrail's `eventTime` and IAM's `aws:CurrentTime`.
    public static func iso8601(_ date: Date) -> String {
        let t = UTCTime(epochSeconds: Int(date.timeIntervalSince1970.rounded(.down)))
        let pad = AmzDate.pad
        return "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2))T\(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2))Z"
    }
}
