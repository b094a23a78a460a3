import TrentPolicy

/// The three kinds of caller Trent knows, built the way IAM and STS name them.
extension Principal {
    public static func user(account: String, name: String, path: String = "/", tags: [String: String] = [:]) -> Principal {
        Principal(
            kind: .user, account: account, arn: "arn:aws:iam::\(account):user\(path)\(name)", name: name,
            sessionName: nil, roleArn: nil, userId: UniqueID.make(prefix: "AIDA", "\(account)/user\(path)\(name)"), tags: tags
        )
    }

    public static func root(account: String) -> Principal {
        Principal(
            kind: .root, account: account, arn: "arn:aws:iam::\(account):root", name: "",
            sessionName: nil, roleArn: nil, userId: account, tags: [:]
        )
    }

    /// A session of role `roleName`: STS names it by role name only, whatever the role's path.
    public static func assumedRole(
        account: String, roleName: String, rolePath: String = "/", sessionName: String, tags: [String: String] = [:]
    ) -> Principal {
        let roleId = UniqueID.make(prefix: "AROA", "\(account)/role\(rolePath)\(roleName)")
        return Principal(
            kind: .assumedRole, account: account, arn: "arn:aws:sts::\(account):assumed-role/\(roleName)/\(sessionName)",
            name: roleName, sessionName: sessionName, roleArn: "arn:aws:iam::\(account):role\(rolePath)\(roleName)",
            userId: "\(roleId):\(sessionName)", tags: tags
        )
    }
}

/// IAM's unique ids ("AIDA…" for users, "AROA…" for roles) are stable opaque strings; derived
/// from the entity's ARN so they are the same across restarts and nodes.
public enum UniqueID {
    public static func make(prefix: String, _ name: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var id = prefix
        for _ in 0 ..< 17 {
            id.append(alphabet[Int(hash & 31)])
            hash = hash >> 5 | hash << 59
        }
        return id
    }
}
