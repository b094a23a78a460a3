import Foundation
import TrentDomain
import TrentAuth
import TrentCrypto
import TrentPolicy

/// STS session credentials without server-side state: the token is the session itself (key
/// id, secret, role, session name, expiry) sealed under the root key. Any node with the root
/// key recognises it, it survives restarts until it expires, and a token changed by one bit
/// does not open. The role must still exist when the token is used; its current policies apply.
public struct SessionTokens: Sendable {
    static let context = "sts-session-token-v1"
    static let version: UInt8 = 1

    let rootKey: RootKey

    public init(rootKey: RootKey) {
        self.rootKey = rootKey
    }

    public struct Issued: Sendable {
        public let credential: Credential
        public let sessionToken: String
        public let expiration: Date
    }

    public func issue(role: IdentityDirectory.Role, sessionName: String, duration: Int, now: Date) throws -> Issued {
        let accessKeyId = "ASIA" + String(SecureRandom.bytes(16).map { IdentityRules.idAlphabet[Int($0) % 32] })
        let secret = String(SecureRandom.bytes(40).map { IdentityRules.secretAlphabet[Int($0) % 64] })
        let expiration = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + Double(duration)).rounded(.down))
        var payload: [UInt8] = [Self.version]
        for field in [accessKeyId, secret, role.arn, sessionName, String(Int64(expiration.timeIntervalSince1970))] {
            Self.append(field, to: &payload)
        }
        let token = Base64.encode(try rootKey.seal(payload, context: Self.context))
        return Issued(
            credential: Self.credential(accessKeyId, secret, role, sessionName, token, expiration),
            sessionToken: token, expiration: expiration
        )
    }

    /// The session `token` carries, if it was issued here for `accessKeyId` and its role still exists.
    func credential(accessKeyId: String, token: String, directory: IdentityDirectory) -> Credential? {
        guard token.utf8.count <= 4096, let sealed = try? Base64.decode(token),
              let payload = try? rootKey.open(sealed, context: Self.context),
              payload.first == Self.version
        else { return nil }
        var fields: [String] = []
        var rest = payload[1...]
        while !rest.isEmpty {
            guard rest.count >= 2 else { return nil }
            let length = Int(rest[rest.startIndex]) << 8 | Int(rest[rest.startIndex + 1])
            rest = rest.dropFirst(2)
            guard rest.count >= length else { return nil }
            fields.append(String(decoding: rest.prefix(length), as: UTF8.self))
            rest = rest.dropFirst(length)
        }
        guard fields.count == 5, fields[0] == accessKeyId, let seconds = Int64(fields[4]),
              let role = directory.role(arn: fields[2])
        else { return nil }
        return Self.credential(fields[0], fields[1], role, fields[3], token, Date(timeIntervalSince1970: Double(seconds)))
    }

    static func credential(
        _ accessKeyId: String, _ secret: String, _ role: IdentityDirectory.Role, _ sessionName: String,
        _ token: String, _ expiration: Date
    ) -> Credential {
        let principal = Principal.assumedRole(
            account: role.account, roleName: role.name, rolePath: role.iamPath, sessionName: sessionName, tags: role.tags
        )
        return Credential(
            accessKeyId: accessKeyId, secretAccessKey: secret, principal: principal, policies: role.policies,
            sessionToken: token, expiration: expiration
        )
    }

    static func append(_ field: String, to payload: inout [UInt8]) {
        let bytes = Array(field.utf8.prefix(0xFFFF))
        payload.append(UInt8(bytes.count >> 8))
        payload.append(UInt8(bytes.count & 0xFF))
        payload += bytes
    }
}
