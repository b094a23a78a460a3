import Foundation
import TrentDomain
import TrentStorage

extension KMSService {
    static let maxAliasesPerKey = 50

    func createAlias(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let name = try AliasRules.checkNewName(p.string("AliasName") ?? "")
        try authorizer.authorizeAccountWide(KMSAction(.createAlias), resource: aliasArn(name, c), c)
        let target = try resolveAliasTarget(p.string("TargetKeyId") ?? "", c)
        let existing = aliases.aliases(account: c.account, region: c.region).filter { $0.targetKeyId == target.record.keyId }
        if existing.count >= Self.maxAliasesPerKey {
            throw KMSError("LimitExceededException", "A KMS key can have at most \(Self.maxAliasesPerKey) aliases.")
        }
        let alias = AliasRecord(account: c.account, region: c.region, name: name, targetKeyId: target.record.keyId, creationDate: c.now, lastUpdatedDate: c.now)
        let targetArn = target.record.arn
        do {
            try await store.insertAlias(alias) { key throws(KMSError) in
                guard let key else { throw KeyResolver.keyNotFound(targetArn) }
                try KeyStateTable.check(.createAlias, state: key.state, keyArn: key.arn)
            }
        } catch let error as StoreError where error.isDuplicate {
            throw KMSError("AlreadyExistsException", "An alias with the name \(alias.arn) already exists")
        }
        aliases.put(alias)
        return Wire.object([])
    }

    func updateAlias(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let name = p.string("AliasName") ?? ""
        try AliasRules.checkPrefix(name)
        let aliasArn = aliasArn(name, c)
        try authorizer.authorizeAccountWide(KMSAction(.updateAlias), resource: aliasArn, c)
        // UpdateAlias needs the permission on the key the alias leaves, too.
        if let current = aliases.target(account: c.account, region: c.region, name: name) {
            _ = try resolver.resolve(current.targetKeyId, accepting: .keyOnly, context: c)
        }
        let target = try resolveAliasTarget(p.string("TargetKeyId") ?? "", c)
        let targetArn = target.record.arn
        let updated = try await store.updateAlias(account: c.account, region: c.region, name: name, newTarget: target.record.keyId, at: c.now) {
            current, new throws(KMSError) in
            guard let new else { throw KeyResolver.keyNotFound(targetArn) }
            // [10]: the alias may move away from a key pending deletion, never onto one.
            if new.state == .pendingDeletion || new.state == .pendingReplicaDeletion {
                throw .invalidState("\(new.arn) is pending deletion.")
            }
            try KeyStateTable.check(.updateAlias, state: new.state, keyArn: new.arn)
            if let current, !AliasRules.sameKind(current, new) {
                throw .validation("The current and new target keys of alias \(name) must have the same key type and key usage.")
            }
        }
        guard let updated else { throw KeyResolver.aliasNotFound(aliasArn) }
        aliases.put(updated)
        return Wire.object([])
    }

    func deleteAlias(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let name = p.string("AliasName") ?? ""
        try AliasRules.checkPrefix(name)
        try authorizer.authorizeAccountWide(KMSAction(.deleteAlias), resource: aliasArn(name, c), c)
        guard let current = aliases.target(account: c.account, region: c.region, name: name) else {
            throw KeyResolver.aliasNotFound(aliasArn(name, c))
        }
        _ = try resolver.resolve(current.targetKeyId, accepting: .keyOnly, context: c)
        guard try await store.deleteAlias(account: c.account, region: c.region, name: name) != nil else {
            throw KeyResolver.aliasNotFound(KeyIdentifiers.aliasArn(region: c.region, account: c.account, aliasName: name))
        }
        aliases.remove(account: c.account, region: c.region, name: name)
        return Wire.object([])
    }

    func listAliases(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        var all = aliases.aliases(account: c.account, region: c.region)
        if let keyText = p.string("KeyId") {
            let live = try resolver.resolve(keyText, accepting: .keyOnly, context: c)
            all = all.filter { $0.targetKeyId == live.record.keyId }
        }
        all.sort { $0.name < $1.name }
        let page = try Pagination.page(all, sortKey: \.name, limit: p.int("Limit"), defaultLimit: 50, marker: p.string("Marker"))
        let entries: [JSONValue] = page.items.map { alias in
            Wire.object([
                ("AliasName", .string(alias.name)),
                ("AliasArn", .string(alias.arn)),
                ("TargetKeyId", .string(alias.targetKeyId)),
                ("CreationDate", Wire.date(alias.creationDate)),
                ("LastUpdatedDate", Wire.date(alias.lastUpdatedDate)),
            ])
        }
        return page.render(listName: "Aliases", entries: entries)
    }

    func aliasArn(_ name: String, _ c: RequestContext) -> String {
        KeyIdentifiers.aliasArn(region: c.region, account: c.account, aliasName: name)
    }

    /// TargetKeyId takes a key id or key ARN; an alias cannot point at another alias.
    func resolveAliasTarget(_ text: String, _ c: RequestContext) throws(KMSError) -> LiveKey {
        if text.hasPrefix("alias/") || (text.hasPrefix("arn:") && text.contains(":alias/")) {
            throw .validation("Aliases must refer to keys. Not aliases")
        }
        return try resolver.resolve(text, accepting: .keyOnly, context: c)
    }
}

/// Naming rules for aliases (AWS KMS Developer Guide, "Aliases").
enum AliasRules {
    static func checkPrefix(_ name: String) throws(KMSError) {
        guard name.hasPrefix("alias/") else {
            throw .validation("Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html")
        }
    }

    static func checkNewName(_ name: String) throws(KMSError) -> String {
        try checkPrefix(name)
        if name.hasPrefix("alias/aws/") {
            throw KMSError("NotAuthorizedException", "Alias names that begin with alias/aws/ are reserved for AWS managed keys.")
        }
        // The model's pattern admits ':', but AWS refuses it in alias names.
        if name.contains(":") {
            throw .validation("\(name) contains invalid characters for an alias")
        }
        guard name.count > "alias/".count else {
            throw .validation("Alias name must contain at least one character after \"alias/\".")
        }
        return name
    }

    /// Symmetric, HMAC or asymmetric, and the same key usage.
    static func sameKind(_ a: KeyRecord, _ b: KeyRecord) -> Bool {
        kind(a.keySpec) == kind(b.keySpec) && a.keyUsage == b.keyUsage
    }

    static func kind(_ spec: KeySpec) -> Int {
        switch spec {
        case .symmetricDefault: return 0
        case .hmac224, .hmac256, .hmac384, .hmac512: return 1
        default: return 2
        }
    }
}
