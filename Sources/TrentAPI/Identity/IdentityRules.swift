import Foundation

/// IAM's naming rules for what the configuration declares.
public enum IdentityRules {
    public static func isValidAccountId(_ id: String) -> Bool {
        id.utf8.count == 12 && id.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// User, group and role names: 1-64 (users, groups) or 1-64 (roles) of `[\w+=,.@-]`.
    public static func checkName(_ name: String, kind: String, path: String) throws(IdentityDefinitionError) {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "+=,.@_-".unicodeScalars.contains(scalar))
        }
        guard !name.isEmpty, name.count <= 64, allowed else {
            throw IdentityDefinitionError("\(path).name", "'\(name)' is not a valid IAM \(kind) name (1-64 letters, digits and +=,.@_-)")
        }
    }

    /// IAM paths: "/" or "/a/b/", at most 512 characters of printable ASCII.
    public static func checkIAMPath(_ iamPath: String, path: String) throws(IdentityDefinitionError) {
        guard iamPath.hasPrefix("/"), iamPath.hasSuffix("/"), iamPath.count <= 512,
              iamPath.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value <= 0x7E })
        else {
            throw IdentityDefinitionError("\(path).path", "'\(iamPath)' is not an IAM path (it must begin and end with /)")
        }
    }

    public static func checkAccessKey(id: String, secret: String, path: String) throws(IdentityDefinitionError) {
        guard id.count >= 16, id.count <= 128, id.unicodeScalars.allSatisfy({ $0.isASCII && CharacterSet.alphanumerics.contains($0) }) else {
            throw IdentityDefinitionError("\(path).id", "access key id '\(id)' must be 16-128 letters and digits")
        }
        guard !id.hasPrefix("ASIA") else {
            throw IdentityDefinitionError("\(path).id", "access key ids beginning ASIA are reserved for temporary credentials")
        }
        guard secret.count >= 40 else {
            throw IdentityDefinitionError("\(path).secret", "the secret of access key \(id) must be at least 40 characters")
        }
    }

    public static let idAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    public static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}
