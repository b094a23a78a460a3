import Foundation
import TrentAuth
import TrentPolicy

/// The `aws:` condition keys about the caller and the connection, the same for every service
/// Trent answers (KMS and STS).
enum GlobalConditionKeys {
    /// The value of a global key, or nil when `key` is not one of these.
    static func value(
        _ key: String, principal: Principal, sourceAddress: String?, secureTransport: Bool, now: Date
    ) -> ConditionValues? {
        if key.hasPrefix("aws:principaltag/") {
            return tagValue(principal.tags, String(key.dropFirst("aws:principaltag/".count)))
        }
        switch key {
        case "aws:principalarn": return .single(principal.principalArn)
        case "aws:principalaccount": return .single(principal.account)
        case "aws:principaltype": return .single(principal.kind.rawValue)
        case "aws:userid": return .single(principal.userId)
        case "aws:username": return principal.kind == .user ? .single(principal.name) : .absent
        case "aws:sourceip": return sourceAddress.map { .single($0) } ?? .absent
        case "aws:securetransport": return .single(secureTransport ? "true" : "false")
        case "aws:currenttime": return .single(UTCTime.iso8601(now))
        case "aws:epochtime": return .single(String(Int(now.timeIntervalSince1970)))
        default: return nil
        }
    }

    /// Tag keys in condition names are case-insensitive.
    static func tagValue(_ tags: [String: String], _ lowercasedKey: String) -> ConditionValues {
        for (key, value) in tags where key.lowercased() == lowercasedKey { return .single(value) }
        return .absent
    }
}
