import TrentJSON

/// The identities an operator declares (the `--config` file, plus the bootstrap admin), as
/// plain values: the executable parses YAML into these, `IdentityDirectory.build` checks and
/// compiles them. Each value carries `path`, where it came from, for error messages.
public struct IdentityDefinitions: Sendable {
    public struct Policy: Sendable {
        public var name: String
        public var document: JSONValue
        public var path: String
        public init(name: String, document: JSONValue, path: String) {
            self.name = name
            self.document = document
            self.path = path
        }
    }

    public struct AccessKey: Sendable {
        public var id: String
        public var secret: String
        public init(id: String, secret: String) {
            self.id = id
            self.secret = secret
        }
    }

    public struct User: Sendable {
        public var name: String
        public var iamPath = "/"
        public var tags: [String: String] = [:]
        public var accessKeys: [AccessKey] = []
        public var policies: [Policy] = []
        public var managedPolicies: [String] = []
        public var path: String
        public init(name: String, path: String) {
            self.name = name
            self.path = path
        }
    }

    public struct Group: Sendable {
        public var name: String
        public var members: [String] = []
        public var policies: [Policy] = []
        public var managedPolicies: [String] = []
        public var path: String
        public init(name: String, path: String) {
            self.name = name
            self.path = path
        }
    }

    public struct Role: Sendable {
        public var name: String
        public var iamPath = "/"
        public var tags: [String: String] = [:]
        public var trustPolicy: Policy
        public var policies: [Policy] = []
        public var managedPolicies: [String] = []
        /// AWS's default: one hour; AssumeRole may ask for up to this many seconds.
        public var maxSessionDuration = 3600
        public var path: String
        public init(name: String, trustPolicy: Policy, path: String) {
            self.name = name
            self.trustPolicy = trustPolicy
            self.path = path
        }
    }

    public struct Account: Sendable {
        public var id: String
        public var managedPolicies: [Policy] = []
        public var users: [User] = []
        public var groups: [Group] = []
        public var roles: [Role] = []
        /// Request quotas; nil (the default) limits nothing.
        public var quotas: QuotaSettings?
        public var path: String
        public init(id: String, path: String) {
            self.id = id
            self.path = path
        }
    }

    public var accounts: [Account]
    public init(accounts: [Account] = []) {
        self.accounts = accounts
    }

    /// Adds `other`'s accounts, merging those with the same id (the bootstrap account may
    /// also appear in the configuration file).
    public mutating func merge(_ other: IdentityDefinitions) {
        for account in other.accounts {
            if let index = accounts.firstIndex(where: { $0.id == account.id }) {
                accounts[index].managedPolicies += account.managedPolicies
                accounts[index].users += account.users
                accounts[index].groups += account.groups
                accounts[index].roles += account.roles
                accounts[index].quotas = account.quotas ?? accounts[index].quotas
            } else {
                accounts.append(account)
            }
        }
    }
}

/// A configuration that cannot be used: where, and why.
public struct IdentityDefinitionError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public init(_ path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}
