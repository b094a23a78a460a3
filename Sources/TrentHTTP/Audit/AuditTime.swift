import Foundation
import TrentAuth

/// `yyyy-MM-dd'T'HH:mm:ss'Z'` in UTC, CloudTrail's `eventTime`, computed directly instead of
/// through a formatter on every request.
enum AuditTime {
    static func format(_ date: Date) -> String {
        UTCTime.iso8601(date)
    }
}
