import TrentAuth

/// The `Date` response header (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), which
/// AWS sends on every answer and SDKs read to correct their clock skew.
enum HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(epochSeconds: Int) -> String {
        let t = UTCTime(epochSeconds: epochSeconds)
        let weekday = weekdays[((t.daysSinceEpoch % 7) + 7) % 7]
        let pad = AmzDate.pad
        return "\(weekday), \(pad(t.day, 2)) \(months[t.month - 1]) \(pad(t.year, 4)) \(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2)) GMT"
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
