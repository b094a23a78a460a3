import Foundation

/// The `--config` file: accounts with managed policies, users (access keys, tags, policies),
/// groups and roles (trust policy, policies). The README documents the shape; an unknown
/// key, a wrong type or a bad value refuses the whole file, naming the path.
public enum IdentityConfigFile {
    public static func parse(_ text: String, environment: [String: String]) throws(IdentityDefinitionError) -> IdentityDefinitions {
        let top = try StrictYAML.load(text).mapping(allowing: ["accounts"])
        var definitions = IdentityDefinitions()
        for accountNode in try top["accounts"]?.sequence() ?? [] {
            let fields = try accountNode.mapping(allowing: ["id", "managedPolicies", "users", "groups", "roles", "quotas"])
            guard let id = try fields["id"]?.string() else { throw accountNode.fail("an account needs an id") }
            var account = IdentityDefinitions.Account(id: id, path: accountNode.path)
            if let node = fields["quotas"] { account.quotas = try quotas(node) }
            account.managedPolicies = try policies(fields["managedPolicies"])
            for node in try fields["users"]?.sequence() ?? [] {
                account.users.append(try user(node, environment))
            }
            for node in try fields["groups"]?.sequence() ?? [] {
                let f = try node.mapping(allowing: ["name", "members", "policies", "managedPolicies"])
                var group = IdentityDefinitions.Group(name: try required(f, "name", node).string(), path: node.path)
                group.members = try f["members"]?.stringList() ?? []
                group.policies = try policies(f["policies"])
                group.managedPolicies = try f["managedPolicies"]?.stringList() ?? []
                account.groups.append(group)
            }
            for node in try fields["roles"]?.sequence() ?? [] {
                let f = try node.mapping(allowing: ["name", "path", "tags", "trustPolicy", "policies", "managedPolicies", "maxSessionDuration"])
                let trustNode = try required(f, "trustPolicy", node)
                let trust = IdentityDefinitions.Policy(name: "trust", document: try trustNode.policyDocument(), path: trustNode.path)
                var role = IdentityDefinitions.Role(name: try required(f, "name", node).string(), trustPolicy: trust, path: node.path)
                role.iamPath = try f["path"]?.string() ?? "/"
                role.tags = try f["tags"]?.stringMap() ?? [:]
                role.policies = try policies(f["policies"])
                role.managedPolicies = try f["managedPolicies"]?.stringList() ?? []
                role.maxSessionDuration = try f["maxSessionDuration"]?.int() ?? 3600
                account.roles.append(role)
            }
            definitions.accounts.append(account)
        }
        return definitions
    }

    static func user(_ node: StrictYAML, _ environment: [String: String]) throws(IdentityDefinitionError) -> IdentityDefinitions.User {
        let f = try node.mapping(allowing: ["name", "path", "tags", "accessKeys", "policies", "managedPolicies"])
        var user = IdentityDefinitions.User(name: try required(f, "name", node).string(), path: node.path)
        user.iamPath = try f["path"]?.string() ?? "/"
        user.tags = try f["tags"]?.stringMap() ?? [:]
        user.policies = try policies(f["policies"])
        user.managedPolicies = try f["managedPolicies"]?.stringList() ?? []
        for keyNode in try f["accessKeys"]?.sequence() ?? [] {
            let k = try keyNode.mapping(allowing: ["id", "secret", "secretEnv"])
            let id = try required(k, "id", keyNode).string()
            let secret: String
            switch (try k["secret"]?.string(), try k["secretEnv"]?.string()) {
            case (let value?, nil):
                secret = value
            case (nil, let name?):
                guard let value = environment[name] else {
                    throw IdentityDefinitionError("\(keyNode.path).secretEnv", "access key \(id) reads its secret from $\(name), which is not set")
                }
                secret = value
            default:
                throw keyNode.fail("access key \(id) needs exactly one of secret or secretEnv")
            }
            user.accessKeys.append(.init(id: id, secret: secret))
        }
        return user
    }

    /// `quotas: aws-default`, or a map of quota names (README) to requests per second.
    static func quotas(_ node: StrictYAML) throws(IdentityDefinitionError) -> QuotaSettings {
        if let text = try? node.string() {
            guard text == "aws-default" else { throw node.fail("quotas must be aws-default or a map of quota names to requests per second") }
            return QuotaSettings(.awsDefault)
        }
        let names = Set(QuotaCategory.allCases.map(\.rawValue))
        var rates: [QuotaCategory: Double] = [:]
        for (name, value) in try node.mapping(allowing: names) {
            guard let category = QuotaCategory(rawValue: name) else { continue }
            let rate = try value.number()
            guard rate > 0, rate <= 1_000_000 else { throw value.fail("a quota is requests per second, more than 0 and at most 1000000") }
            rates[category] = rate
        }
        return QuotaSettings(.explicit(rates))
    }

    static func policies(_ node: StrictYAML?) throws(IdentityDefinitionError) -> [IdentityDefinitions.Policy] {
        var out: [IdentityDefinitions.Policy] = []
        for item in try node?.sequence() ?? [] {
            let f = try item.mapping(allowing: ["name", "document"])
            let document = try required(f, "document", item)
            out.append(.init(name: try required(f, "name", item).string(), document: try document.policyDocument(), path: document.path))
        }
        return out
    }

    static func required(_ fields: [String: StrictYAML], _ name: String, _ parent: StrictYAML) throws(IdentityDefinitionError) -> StrictYAML {
        guard let value = fields[name] else { throw parent.fail("missing required key '\(name)'") }
        return value
    }
}
