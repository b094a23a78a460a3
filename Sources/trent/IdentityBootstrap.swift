import Foundation
import TrentAuth
import TrentCrypto
import TrentStorage

/// Decides which access keys the server accepts: a bootstrap identity (from the environment,
/// or generated once and kept sealed in the store) plus those of the `--config` file.
struct IdentityBootstrap {
    static let defaultAccount = "111122223333"
    static let adminUser = "admin"

    let store: any TrentStore
    let rootKey: RootKey
    let directory: DataDirectory
    let environment: [String: String]

    func credentials(configPath: String?) async throws -> (all: [Credential], notice: String) {
        var all: [Credential] = []
        let notice: String
        if let id = environment["TRENT_ACCESS_KEY_ID"] {
            guard let secret = environment["TRENT_SECRET_ACCESS_KEY"] else {
                throw TrentStartupError("TRENT_ACCESS_KEY_ID is set but TRENT_SECRET_ACCESS_KEY is not")
            }
            let account = environment["TRENT_ACCOUNT_ID"] ?? Self.defaultAccount
            guard IdentityRules.isValidAccountId(account) else {
                throw TrentStartupError("TRENT_ACCOUNT_ID must be 12 digits")
            }
            try IdentityRules.checkAccessKey(id: id, secret: secret, source: "environment")
            all.append(Credential(accessKeyId: id, secretAccessKey: secret, accountId: account, userName: Self.adminUser))
            notice = "bootstrap identity: access key \(id) of account \(account) (from the environment)"
        } else {
            let stored = try await store.accessKeys()
            var admin: Credential
            if let first = stored.first {
                let secret = try rootKey.open(first.sealedSecret, context: Self.secretContext(first.accessKeyId))
                admin = Credential(accessKeyId: first.accessKeyId, secretAccessKey: String(decoding: secret, as: UTF8.self), accountId: first.account, userName: first.userName)
                for other in stored.dropFirst() {
                    let secret = try rootKey.open(other.sealedSecret, context: Self.secretContext(other.accessKeyId))
                    all.append(Credential(accessKeyId: other.accessKeyId, secretAccessKey: String(decoding: secret, as: UTF8.self), accountId: other.account, userName: other.userName))
                }
            } else {
                admin = Self.generate(account: Self.defaultAccount, user: Self.adminUser)
                try await store.upsertAccessKey(StoredAccessKey(
                    accessKeyId: admin.accessKeyId, account: admin.accountId, userName: admin.userName,
                    sealedSecret: try rootKey.seal(Array(admin.secretAccessKey.utf8), context: Self.secretContext(admin.accessKeyId))
                ))
            }
            all.insert(admin, at: 0)
            if !FileManager.default.fileExists(atPath: directory.credentialsPath) {
                try DataDirectory.writeSecretFile(directory.credentialsPath, Array(Self.credentialsFile(admin).utf8))
            }
            notice = "credentials for account \(admin.accountId) user \(admin.userName): \(directory.credentialsPath)"
        }
        if let configPath {
            all += try IdentityConfig.load(path: configPath, environment: environment)
        }
        return (all, notice)
    }

    static func secretContext(_ accessKeyId: String) -> String { "access-key-secret|\(accessKeyId)" }

    static func generate(account: String, user: String) -> Credential {
        let idBytes = SecureRandom.bytes(16), secretBytes = SecureRandom.bytes(40)
        let id = "AKIA" + String(idBytes.map { IdentityRules.idAlphabet[Int($0) % 32] })
        let secret = String(secretBytes.map { IdentityRules.secretAlphabet[Int($0) % 64] })
        return Credential(accessKeyId: id, secretAccessKey: secret, accountId: account, userName: user)
    }

    static func credentialsFile(_ credential: Credential) -> String {
        """
        # Trent bootstrap identity: account \(credential.accountId), user \(credential.userName).
        [default]
        aws_access_key_id = \(credential.accessKeyId)
        aws_secret_access_key = \(credential.secretAccessKey)

        """
    }
}
