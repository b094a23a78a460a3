import TrentCrypto
import TrentDomain

/// Grant tokens: opaque, non-secret, and new on every CreateGrant (all tokens of one grant are
/// interchangeable). The token carries the grant id, so RetireGrant can find the grant; the
/// random part makes each token unique. Base64url without padding, as AWS's tokens are.
enum GrantToken {
    static let version: UInt8 = 1

    static func make(grantId: String) -> String {
        var bytes: [UInt8] = [version]
        bytes += SecureRandom.bytes(16)
        bytes += Hex.decode(grantId) ?? []
        return Base64.encode(bytes).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The grant id a token names, or AWS's InvalidGrantTokenException for anything else.
    static func grantId(_ token: String) throws(KMSError) -> String {
        var text = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.utf8.count % 4 != 0 { text += "=" }
        guard let bytes = try? Base64.decode(text), bytes.count == 49, bytes[0] == version else {
            throw invalid
        }
        return Hex.encode(Array(bytes[17...]))
    }

    static let invalid = KMSError("InvalidGrantTokenException", "The grant token is not valid.")

    /// Every token of a request's `GrantTokens` must be one Trent issued, even when a policy
    /// already allows the call (AWS refuses a malformed token either way).
    static func checkAll(_ p: JSONObject) throws(KMSError) {
        for token in p.stringList("GrantTokens") ?? [] { _ = try grantId(token) }
    }
}
