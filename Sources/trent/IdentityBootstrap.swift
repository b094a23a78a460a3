import Foundation
import TrentAPI
import TrentAuth
import TrentCrypto
import TrentJSON
import TrentStorage

/// The bootstrap identity: user `admin` of the bootstrap account, with an identity policy that
/// allows everything, its access key from the environment or generated once and kept sealed
/// in the store. The `--config` file's identities are added beside it.
struct IdentityBootstrap {
    static let defaultAccount = "111122223333"
    static let adminUser = "admin"
    static let adminPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"AdministratorAccess","Effect":"Allow","Action":"*","Resource":"*"}]}"#

    let store: any TrentStore
    let rootKey: RootKey
    let directory: DataDirectory
    let environment: [String: String]

    /// The admin's definitions (fixed for the life of the process) and the line that says where its key is.
    func admin() async throws -> (definitions: IdentityDefinitions, notice: String) {
        var keys: [(account: String, user: String, key: IdentityDefinitions.AccessKey)] = []
        let notice: String
        if let id = environment["TRENT_ACCESS_KEY_ID"] {
            guard let secret = environment["TRENT_SECRET_ACCESS_KEY"] else {
                throw TrentStartupError("TRENT_ACCESS_KEY_ID is set but TRENT_SECRET_ACCESS_KEY is not")
            }
            let account = environment["TRENT_ACCOUNT_ID"] ?? Self.defaultAccount
            guard IdentityRules.isValidAccountId(account) else {
                throw TrentStartupError("TRENT_ACCOUNT_ID must be 12 digits")
            }
            keys.append((account, Self.adminUser, .init(id: id, secret: secret)))
            notice = "bootstrap identity: access key \(id) of account \(account) (from the environment)"
        } else {
            let stored = try await store.accessKeys()
            if stored.isEmpty {
                let admin = Self.generate(account: Self.defaultAccount)
                try await store.upsertAccessKey(StoredAccessKey(
                    accessKeyId: admin.id, account: Self.defaultAccount, userName: Self.adminUser,
                    sealedSecret: try rootKey.seal(Array(admin.secret.utf8), context: Self.secretContext(admin.id))
                ))
                keys.append((Self.defaultAccount, Self.adminUser, admin))
            } else {
                for key in stored {
                    let secret = try rootKey.open(key.sealedSecret, context: Self.secretContext(key.accessKeyId))
                    keys.append((key.account, key.userName, .init(id: key.accessKeyId, secret: String(decoding: secret, as: UTF8.self))))
                }
            }
            let first = keys[0]
            if !FileManager.default.fileExists(atPath: directory.credentialsPath) {
                try DataDirectory.writeSecretFile(directory.credentialsPath, Array(Self.credentialsFile(first.key, account: first.account, user: first.user).utf8))
            }
            notice = "credentials for account \(first.account) user \(first.user): \(directory.credentialsPath)"
        }
        var definitions = IdentityDefinitions()
        for (account, user, key) in keys {
            var entry = IdentityDefinitions.User(name: user, path: "bootstrap identity \(user)")
            entry.accessKeys = [key]
            let document = try JSONParser.parse(Array(Self.adminPolicy.utf8))
            entry.policies = [.init(name: "AdministratorAccess", document: document, path: "bootstrap identity \(user)")]
            var accountDefinition = IdentityDefinitions.Account(id: account, path: "bootstrap account \(account)")
            accountDefinition.users = [entry]
            var single = IdentityDefinitions()
            single.accounts = [accountDefinition]
            definitions.merge(single)
        }
        return (definitions, notice)
    }

    static func secretContext(_ accessKeyId: String) -> String { "access-key-secret|\(accessKeyId)" }

    static func generate(account: String) -> IdentityDefinitions.AccessKey {
        let idBytes = SecureRandom.bytes(16), secretBytes = SecureRandom.bytes(40)
        let id = "AKIA" + String(idBytes.map { IdentityRules.idAlphabet[Int($0) % 32] })
        let secret = String(secretBytes.map { IdentityRules.secretAlphabet[Int($0) % 64] })
        return .init(id: id, secret: secret)
    }

    static func credentialsFile(_ key: IdentityDefinitions.AccessKey, account: String, user: String) -> String {
        """
        # Trent bootstrap identity: account \(account), user \(user).
        [default]
        aws_access_key_id = \(key.id)
        aws_secret_access_key = \(key.secret)

        """
    }
}

/// The identities in force: the bootstrap admin plus the configuration file, checked and
/// compiled as one. `kill -HUP` calls `load` again and swaps the result in only if it is valid.
struct IdentitySource {
    let admin: IdentityDefinitions
    let configPath: String?
    let environment: [String: String]

    func load() throws -> IdentityDirectory {
        var definitions = admin
        if let configPath {
            definitions.merge(try IdentityConfig.load(path: configPath, environment: environment))
        }
        do {
            return try IdentityDirectory.build(definitions)
        } catch {
            throw TrentStartupError("\(configPath ?? "identities"): \(error.description)")
        }
    }
}
