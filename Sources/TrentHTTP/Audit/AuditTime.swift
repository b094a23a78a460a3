import Foundation
import TrentAuth

/// `yyyy-MM-dd'T'HH:mm:ss'Z'` in UTC, CloudTrail's `eventTime`, computed directly instead of
/// through a formatter on every request.
enum AuditTime {
    static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let seconds = total - days * 86_400
        let (year, month, day) = AmzDate.civil(fromDays: days)
        let pad = AmzDate.pad
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))Z"
    }
}
