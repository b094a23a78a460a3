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
        guard let known = Known.byName[key] else {
            guard key.hasPrefix("aws:principaltag/") else { return nil }
            return tagValue(principal.tags, String(key.dropFirst("aws:principaltag/".count)))
        }
        switch known {
        case .principalArn: return .single(principal.principalArn)
        case .principalAccount: return .single(principal.account)
        case .principalType: return .single(principal.kind.rawValue)
        case .userId: return .single(principal.userId)
        case .userName: return principal.kind == .user ? .single(principal.name) : .absent
        case .sourceIp: return sourceAddress.map { .single($0) } ?? .absent
        case .secureTransport: return .single(secureTransport ? "true" : "false")
        case .currentTime: return .single(UTCTime.iso8601(now))
        case .epochTime: return .single(String(Int(now.timeIntervalSince1970)))
        }
    }

    enum Known {
        case principalArn, principalAccount, principalType, userId, userName, sourceIp, secureTransport, currentTime, epochTime

        static let byName: [String: Known] = [
            "aws:principalarn": .principalArn, "aws:principalaccount": .principalAccount, "aws:principaltype": .principalType,
            "aws:userid": .userId, "aws:username": .userName, "aws:sourceip": .sourceIp,
            "aws:securetransport": .secureTransport, "aws:currenttime": .currentTime, "aws:epochtime": .epochTime,
        ]
    }

    /// Tag keys in condition names are case-insensitive.
    static func tagValue(_ tags: [String: String], _ lowercasedKey: String) -> ConditionValues {
        for (key, value) in tags where key.lowercased() == lowercasedKey { return .single(value) }
        return .absent
    }
}
