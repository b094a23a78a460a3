/// One of the four ways a request may name a KMS key (seed-features §4).
public enum KeyReference: Sendable, Equatable {
    case keyId(String)
    case keyArn(region: String, account: String, keyId: String)
    case aliasName(String)
    case aliasArn(region: String, account: String, aliasName: String)

    /// Which forms an operation accepts. Crypto operations and DescribeKey take all four;
    /// management operations take a key id or key ARN only.
    public enum Accepted: Sendable {
        case keyOrAlias
        case keyOnly
    }

    public static func parse(_ text: String, accepting accepted: Accepted) throws(KMSError) -> KeyReference {
        let reference: KeyReference
        if text.hasPrefix("arn:") {
            reference = try parseArn(text)
        } else if text.hasPrefix("alias/") {
            reference = .aliasName(text)
        } else {
            guard KeyIdentifiers.isValidKeyId(text) else {
                throw .notFound("Invalid keyId '\(text)'")
            }
            reference = .keyId(text)
        }
        if accepted == .keyOnly {
            switch reference {
            case .aliasName, .aliasArn:
                throw .notFound("Invalid keyId '\(text)'")
            default:
                break
            }
        }
        return reference
    }

    static func parseArn(_ text: String) throws(KMSError) -> KeyReference {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6,
              parts[1] == "aws" || parts[1] == "aws-cn" || parts[1] == "aws-us-gov",
              parts[2] == "kms",
              KeyIdentifiers.isValidRegion(String(parts[3])),
              KeyIdentifiers.isValidAccountId(String(parts[4]))
        else {
            throw .notFound("Invalid arn \(text)")
        }
        let region = String(parts[3]), account = String(parts[4]), resource = parts[5]
        if resource.hasPrefix("key/") {
            let id = String(resource.dropFirst(4))
            guard KeyIdentifiers.isValidKeyId(id) else { throw .notFound("Invalid arn \(text)") }
            return .keyArn(region: region, account: account, keyId: id)
        }
        if resource.hasPrefix("alias/"), resource.count > 6 {
            return .aliasArn(region: region, account: account, aliasName: String(resource))
        }
        throw .notFound("Invalid arn \(text)")
    }
}

/// Shapes of identifiers, and how ARNs are spelled.
public enum KeyIdentifiers {
    /// A single-Region key id is a lowercase UUID; a multi-Region key id is `mrk-` + 32 hex.
    public static func isValidKeyId(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        if bytes.count == 4 + 32, id.hasPrefix("mrk-") {
            return bytes.dropFirst(4).allSatisfy(isLowerHex)
        }
        if bytes.count == 36 {
            for (index, byte) in bytes.enumerated() {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    if byte != UInt8(ascii: "-") { return false }
                } else if !isLowerHex(byte) {
                    return false
                }
            }
            return true
        }
        return false
    }

    public static func isValidAccountId(_ account: String) -> Bool {
        account.utf8.count == 12 && account.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Region names as AWS forms them: `us-east-1`, `ap-southeast-2`, `us-gov-west-1`.
    public static func isValidRegion(_ region: String) -> Bool {
        let parts = region.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.count <= 4, let last = parts.last,
              !last.isEmpty, last.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
        else { return false }
        return parts.dropLast().allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { $0 >= 97 && $0 <= 122 }
        }
    }

    public static func keyArn(region: String, account: String, keyId: String) -> String {
        "arn:\(partition(region)):kms:\(region):\(account):key/\(keyId)"
    }

    public static func aliasArn(region: String, account: String, aliasName: String) -> String {
        "arn:\(partition(region)):kms:\(region):\(account):\(aliasName)"
    }

    public static func partition(_ region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102)
    }
}
