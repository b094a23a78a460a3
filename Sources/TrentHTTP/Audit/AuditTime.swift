import Foundation
import TrentAuth

/// `yyyy-MM-dd'T'HH:mm:ss'Z'` in UTC, CloudTrail's `eventTime`, computed directly instead of
/// through a formatter on every request.
enum AuditTime {
    static func format(_ date: Date) -> String {
        let t = UTCTime(epochSeconds: Int(date.timeIntervalSince1970.rounded(.down)))
        let pad = AmzDate.pad
        return "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2))T\(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2))Z"
    }
}
