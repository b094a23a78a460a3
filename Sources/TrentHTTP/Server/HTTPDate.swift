import TrentAuth

/// The `Date` response header (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), which
/// AWS sends on every answer and SDKs read to correct their clock skew.
enum HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(epochSeconds total: Int) -> String {
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let seconds = total - days * 86_400
        let (year, month, day) = AmzDate.civil(fromDays: days)
        let weekday = weekdays[((days % 7) + 7) % 7]
        let pad = AmzDate.pad
        return "\(weekday), \(pad(day, 2)) \(months[month - 1]) \(pad(year, 4)) \(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)) GMT"
    }
}

/// The header text for the current second, formatted once per second per connection.
struct HTTPDateCache {
    private var second = Int.min
    private var text = ""

    mutating func current(epochSeconds now: Int) -> String {
        if now != second {
            second = now
            text = HTTPDate.format(epochSeconds: now)
        }
        return text
    }
}
