import Atomics
import Foundation
import TrentAuth
import TrentPolicy

/// Every identity the server knows at one moment: users with their access keys, roles, and
/// each principal's compiled identity policies. Immutable; a configuration reload builds a
/// new one and swaps it in whole (`IdentityRegistry`), so a request sees one or the other.
public final class IdentityDirectory: Sendable, AtomicReference {
    public struct Role: Sendable {
        public let account: String
        public let name: String
        public let iamPath: String
        public let arn: String
        public let tags: [String: String]
        public let trustPolicy: CompiledPolicy
        public let policies: [NamedPolicy]
        public let maxSessionDuration: Int
    }

    let credentials: [String: Credential]
    let roles: [String: Role]
    let principals: Set<String>
    /// "<account>:<role name>", for session ARNs.
    let roleNames: Set<String>
    public let accountIds: Set<String>
    /// Request quotas by account; an account without any is not limited.
    public let quotas: [String: QuotaSettings]

    init(
        credentials: [String: Credential], roles: [String: Role], principals: Set<String>, accountIds: Set<String>,
        quotas: [String: QuotaSettings] = [:]
    ) {
        self.quotas = quotas
        self.credentials = credentials
        self.roles = roles
        self.principals = principals
        self.accountIds = accountIds
        roleNames = Set(roles.values.map { "\($0.account):\($0.name)" })
    }

    public static let empty = IdentityDirectory(credentials: [:], roles: [:], principals: [], accountIds: [])

    public func credential(forAccessKeyId id: String) -> Credential? { credentials[id] }

    public func role(arn: String) -> Role? { roles[arn] }

    public var accessKeyCount: Int { credentials.count }

    /// Whether a principal ARN a policy or grant names exists: users and roles by ARN, a role
    /// session by its role; accounts always exist (AWS accepts any account).
    public func principalExists(_ arn: String) -> Bool {
        if principals.contains(arn) { return true }
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return false }
        if parts[2] == "sts", parts[5].hasPrefix("assumed-role/") {
            // A session ARN names its role without the role's path.
            let pieces = parts[5].split(separator: "/")
            guard pieces.count >= 3 else { return false }
            return roleNames.contains("\(parts[4]):\(pieces[1])")
        }
        return parts[2] == "iam" && parts[5] == "root"
    }

    /// Checks and compiles `definitions`; any problem refuses the whole set, naming where.
    public static func build(_ definitions: IdentityDefinitions) throws(IdentityDefinitionError) -> IdentityDirectory {
        var credentials: [String: Credential] = [:]
        var roles: [String: Role] = [:]
        var principals = Set<String>()
        var accountIds = Set<String>()
        for account in definitions.accounts {
            guard IdentityRules.isValidAccountId(account.id) else {
                throw IdentityDefinitionError("\(account.path).id", "account id '\(account.id)' must be 12 digits")
            }
            guard accountIds.insert(account.id).inserted else {
                throw IdentityDefinitionError("\(account.path).id", "account \(account.id) is declared twice")
            }
            for user in account.users {
                try IdentityRules.checkName(user.name, kind: "user", path: user.path)
                try IdentityRules.checkIAMPath(user.iamPath, path: user.path)
                guard principals.insert(Principal.user(account: account.id, name: user.name, path: user.iamPath).arn).inserted else {
                    throw IdentityDefinitionError("\(user.path).name", "user \(user.name) is declared twice in account \(account.id)")
                }
            }
            for role in account.roles {
                try IdentityRules.checkName(role.name, kind: "role", path: role.path)
                try IdentityRules.checkIAMPath(role.iamPath, path: role.path)
                guard principals.insert("arn:aws:iam::\(account.id):role\(role.iamPath)\(role.name)").inserted else {
                    throw IdentityDefinitionError("\(role.path).name", "role \(role.name) is declared twice in account \(account.id)")
                }
            }
        }
        // Trust policies may name principals of any declared account, so compile after all are known.
        let known = principals
        let exists: (String) -> Bool = { arn in known.contains(arn) || Self.isAccountPrincipal(arn) }
        for account in definitions.accounts {
            var managed: [String: CompiledPolicy] = [:]
            for policy in account.managedPolicies {
                guard managed[policy.name] == nil else {
                    throw IdentityDefinitionError("\(policy.path).name", "managed policy \(policy.name) is declared twice")
                }
                managed[policy.name] = try compile(policy, .identity, exists)
            }
            func attached(_ names: [String], _ path: String) throws(IdentityDefinitionError) -> [NamedPolicy] {
                var out: [NamedPolicy] = []
                for (index, name) in names.enumerated() {
                    guard let policy = managed[name] else {
                        throw IdentityDefinitionError("\(path).managedPolicies[\(index)]", "no managed policy named \(name) in account \(account.id)")
                    }
                    out.append((name: "managed/\(name)", policy: policy))
                }
                return out
            }
            var groupPolicies: [String: [NamedPolicy]] = [:]
            let userNames = Set(account.users.map(\.name))
            var groupNames = Set<String>()
            for group in account.groups {
                try IdentityRules.checkName(group.name, kind: "group", path: group.path)
                guard groupNames.insert(group.name).inserted else {
                    throw IdentityDefinitionError("\(group.path).name", "group \(group.name) is declared twice")
                }
                var policies: [NamedPolicy] = []
                for policy in group.policies {
                    policies.append((name: "group/\(group.name)/\(policy.name)", policy: try compile(policy, .identity, exists)))
                }
                policies += try attached(group.managedPolicies, group.path)
                for (index, member) in group.members.enumerated() {
                    guard userNames.contains(member) else {
                        throw IdentityDefinitionError("\(group.path).members[\(index)]", "no user named \(member) in account \(account.id)")
                    }
                    groupPolicies[member, default: []] += policies
                }
            }
            for user in account.users {
                var policies: [NamedPolicy] = []
                for policy in user.policies {
                    policies.append((name: "user/\(user.name)/\(policy.name)", policy: try compile(policy, .identity, exists)))
                }
                policies += try attached(user.managedPolicies, user.path)
                policies += groupPolicies[user.name] ?? []
                let principal = Principal.user(account: account.id, name: user.name, path: user.iamPath, tags: user.tags)
                for (index, key) in user.accessKeys.enumerated() {
                    try IdentityRules.checkAccessKey(id: key.id, secret: key.secret, path: "\(user.path).accessKeys[\(index)]")
                    guard credentials[key.id] == nil else {
                        throw IdentityDefinitionError("\(user.path).accessKeys[\(index)].id", "access key \(key.id) is declared twice")
                    }
                    credentials[key.id] = Credential(accessKeyId: key.id, secretAccessKey: key.secret, principal: principal, policies: policies)
                }
            }
            for role in account.roles {
                guard (3600 ... 43_200).contains(role.maxSessionDuration) else {
                    throw IdentityDefinitionError("\(role.path).maxSessionDuration", "must be 3600 to 43200 seconds")
                }
                var policies: [NamedPolicy] = []
                for policy in role.policies {
                    policies.append((name: "role/\(role.name)/\(policy.name)", policy: try compile(policy, .identity, exists)))
                }
                policies += try attached(role.managedPolicies, role.path)
                let arn = "arn:aws:iam::\(account.id):role\(role.iamPath)\(role.name)"
                roles[arn] = Role(
                    account: account.id, name: role.name, iamPath: role.iamPath, arn: arn, tags: role.tags,
                    trustPolicy: try compile(role.trustPolicy, .trust, exists), policies: policies,
                    maxSessionDuration: role.maxSessionDuration
                )
            }
        }
        var quotas: [String: QuotaSettings] = [:]
        for account in definitions.accounts { quotas[account.id] = account.quotas }
        return IdentityDirectory(credentials: credentials, roles: roles, principals: principals, accountIds: accountIds, quotas: quotas)
    }

    static func compile(_ policy: IdentityDefinitions.Policy, _ kind: PolicyKind, _ exists: (String) -> Bool) throws(IdentityDefinitionError) -> CompiledPolicy {
        do {
            return try CompiledPolicy.compile(policy.document, kind: kind, principalExists: exists)
        } catch {
            throw IdentityDefinitionError("\(policy.path)", "\(error.type): \(error.message)")
        }
    }

    static func isAccountPrincipal(_ arn: String) -> Bool {
        arn.hasPrefix("arn:aws:iam::") && arn.hasSuffix(":root")
    }
}

/// The identities in force, swapped whole on reload: readers on request threads take the
/// current directory with one atomic load, never a lock.
public final class IdentityRegistry: CredentialLookup {
    private let directory: ManagedAtomic<IdentityDirectory>
    private let sessions: SessionTokens

    public init(_ directory: IdentityDirectory, sessions: SessionTokens) {
        self.directory = ManagedAtomic(directory)
        self.sessions = sessions
    }

    public var current: IdentityDirectory { directory.load(ordering: .acquiring) }

    public func replace(_ next: IdentityDirectory) {
        directory.store(next, ordering: .releasing)
    }

    public func credential(forAccessKeyId id: String) -> Credential? {
        current.credential(forAccessKeyId: id)
    }

    public func credential(forAccessKeyId id: String, sessionToken: String) -> Credential? {
        sessions.credential(accessKeyId: id, token: sessionToken, directory: current)
    }

    public var issuer: SessionTokens { sessions }
}
