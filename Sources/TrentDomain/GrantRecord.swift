import Foundation

/// A grant: permission for one principal to use one key for listed operations, optionally
/// under an encryption-context constraint. Immutable; grants are created and deleted, never changed.
public struct GrantRecord: Sendable, Equatable {
    public let grantId: String
    public let account: String
    public let region: String
    public let keyId: String
    /// "" for an unnamed grant, as ListGrants shows it.
    public let name: String
    public let granteePrincipal: String
    public let retiringPrincipal: String?
    /// GrantOperation names, in the order given.
    public let operations: [String]
    public let constraints: GrantConstraints?
    /// The account the grant was created in: `arn:aws:iam::<it>:root` is the IssuingAccount.
    public let issuingAccount: String
    public let creationDate: Date

    public init(
        grantId: String, account: String, region: String, keyId: String, name: String, granteePrincipal: String,
        retiringPrincipal: String?, operations: [String], constraints: GrantConstraints?, issuingAccount: String,
        creationDate: Date
    ) {
        self.grantId = grantId
        self.account = account
        self.region = region
        self.keyId = keyId
        self.name = name
        self.granteePrincipal = granteePrincipal
        self.retiringPrincipal = retiringPrincipal
        self.operations = operations
        self.constraints = constraints
        self.issuingAccount = issuingAccount
        self.creationDate = creationDate
    }

    public var keyArn: String { KeyIdentifiers.keyArn(region: region, account: account, keyId: keyId) }
}

/// A grant's encryption-context constraint (at most one of the two kinds, as AWS stores it).
public struct GrantConstraints: Sendable, Equatable {
    public var equals: [String: String]?
    public var subset: [String: String]?

    public init(equals: [String: String]?, subset: [String: String]?) {
        self.equals = equals
        self.subset = subset
    }

    /// Whether a request's encryption context satisfies the constraint: keys compare without
    /// case (the API model's rule), values exactly.
    public func allows(_ context: [String: String]) -> Bool {
        let given = Dictionary(context.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        if let equals {
            guard equals.count == given.count else { return false }
            return equals.allSatisfy { given[$0.key.lowercased()] == $0.value }
        }
        if let subset {
            return subset.allSatisfy { given[$0.key.lowercased()] == $0.value }
        }
        return true
    }

    /// A child grant's constraint is at least as strict as this one: Subset may gain pairs or
    /// become Equals with the same pairs and more; Equals stays Equals with the same pairs.
    public func admits(child: GrantConstraints?) -> Bool {
        if let equals {
            return child?.equals == equals
        }
        guard let subset else { return true }
        guard let child else { return false }
        let childPairs = child.equals ?? child.subset ?? [:]
        return subset.allSatisfy { childPairs[$0.key] == $0.value }
    }
}
