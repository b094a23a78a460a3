import Foundation
import TrentAuth
import Yams

/// The `--config` file: further accounts, users and access keys.
///
///     accounts:
///       - id: "444455556666"
///         users:
///           - name: alice
///             accessKeys:
///               - id: AKIAALICEEXAMPLE0001
///                 secret: "..."          # or
///                 secretEnv: ALICE_SECRET  # the secret is read from this variable
struct IdentityConfig: Decodable {
    struct Account: Decodable {
        let id: String
        let users: [User]?
    }

    struct User: Decodable {
        let name: String
        let accessKeys: [AccessKey]?
    }

    struct AccessKey: Decodable {
        let id: String
        let secret: String?
        let secretEnv: String?
    }

    let accounts: [Account]?

    static func load(path: String, environment: [String: String]) throws -> [Credential] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TrentStartupError("cannot read configuration file \(path)")
        }
        let config: IdentityConfig
        do {
            config = try YAMLDecoder().decode(IdentityConfig.self, from: data)
        } catch {
            throw TrentStartupError("configuration file \(path) is not valid: \(error)")
        }
        var credentials: [Credential] = []
        for account in config.accounts ?? [] {
            guard IdentityRules.isValidAccountId(account.id) else {
                throw TrentStartupError("\(path): account id '\(account.id)' must be 12 digits")
            }
            for user in account.users ?? [] {
                guard IdentityRules.isValidUserName(user.name) else {
                    throw TrentStartupError("\(path): user name '\(user.name)' is not a valid IAM user name")
                }
                for key in user.accessKeys ?? [] {
                    let secret: String
                    switch (key.secret, key.secretEnv) {
                    case (let value?, nil):
                        secret = value
                    case (nil, let name?):
                        guard let value = environment[name] else {
                            throw TrentStartupError("\(path): access key \(key.id) reads its secret from $\(name), which is not set")
                        }
                        secret = value
                    default:
                        throw TrentStartupError("\(path): access key \(key.id) needs exactly one of secret or secretEnv")
                    }
                    try IdentityRules.checkAccessKey(id: key.id, secret: secret, source: path)
                    credentials.append(Credential(accessKeyId: key.id, secretAccessKey: secret, accountId: account.id, userName: user.name))
                }
            }
        }
        return credentials
    }
}

enum IdentityRules {
    static func isValidAccountId(_ id: String) -> Bool {
        id.count == 12 && id.allSatisfy(\.isASCII) && id.allSatisfy(\.isNumber)
    }

    static func isValidUserName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "+=,.@_-".unicodeScalars.contains(scalar))
        }
    }

    static func checkAccessKey(id: String, secret: String, source: String) throws {
        guard id.count >= 16, id.count <= 128, id.unicodeScalars.allSatisfy({ $0.isASCII && CharacterSet.alphanumerics.contains($0) }) else {
            throw TrentStartupError("\(source): access key id '\(id)' must be 16-128 letters and digits")
        }
        guard secret.count >= 40 else {
            throw TrentStartupError("\(source): the secret of access key \(id) must be at least 40 characters")
        }
    }

    static let idAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}
