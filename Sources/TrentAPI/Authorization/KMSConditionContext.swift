import Foundation
import TrentDomain
import TrentAuth
import TrentPolicy

/// The condition keys of one authorization check, computed only when a policy statement asks
/// (the default key policy never does): KMS's keys from the request parameters and the key,
/// the global keys from the caller and the connection (spec authorization.md §5.2, §5.3).
/// Parameters the request omitted give AWS's defaults where AWS populates one, else `.absent`.
struct KMSConditionContext: ConditionContext {
    let request: RequestContext
    let action: KMSAction
    let key: KeyRecord?
    /// The alias name the request named the key by (`kms:RequestAlias`).
    var requestAlias: String?
    /// Where the key's alias names (`kms:ResourceAliases`) are looked up, only when asked.
    let aliases: AliasCache?
    /// Keys only one operation knows (`kms:ReEncryptOnSameKey`), already lowercased.
    var extra: [String: ConditionValues] = [:]

    func values(forLowercasedKey name: String) -> ConditionValues {
        if let value = extra[name] { return value }
        if name.hasPrefix("kms:encryptioncontext:") {
            return encryptionContextValue(String(name.dropFirst("kms:encryptioncontext:".count)))
        }
        if let global = GlobalConditionKeys.value(
            name, principal: request.principal, sourceAddress: request.sourceAddress,
            secureTransport: request.secureTransport, now: request.now
        ) {
            return global
        }
        if name.hasPrefix("aws:resourcetag/") {
            guard let key else { return .absent }
            return GlobalConditionKeys.tagValue(Dictionary(key.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }), String(name.dropFirst("aws:resourcetag/".count)))
        }
        if name.hasPrefix("aws:requesttag/") {
            return GlobalConditionKeys.tagValue(requestTags, String(name.dropFirst("aws:requesttag/".count)))
        }
        switch name {
        case "kms:calleraccount": return .single(request.account)
        case "kms:keyspec", "kms:customermasterkeyspec": return keySpec
        case "kms:keyusage", "kms:customermasterkeyusage": return keyUsage
        case "kms:keyorigin": return keyOrigin
        case "kms:multiregion": return multiRegion
        case "kms:encryptioncontextkeys":
            guard let context = encryptionContext, !context.isEmpty else { return .absent }
            return .multiple(context.keys.sorted())
        case "kms:encryptionalgorithm": return encryptionAlgorithm
        case "kms:signingalgorithm": return parameter("SigningAlgorithm")
        case "kms:messagetype":
            return isOperation(.sign, .verify) ? .single(p.string("MessageType") ?? "RAW") : .absent
        case "kms:macalgorithm": return parameter("MacAlgorithm")
        case "kms:keyagreementalgorithm": return parameter("KeyAgreementAlgorithm")
        case "kms:datakeypairspec": return parameter("KeyPairSpec")
        case "kms:requestalias": return requestAlias.map { .single($0) } ?? .absent
        case "kms:resourcealiases":
            guard let key, let aliases else { return .absent }
            let names = aliases.names(of: key)
            return names.isEmpty ? .absent : .multiple(names)
        case "kms:grantoperations":
            guard request.operation == .createGrant, let operations = p.stringList("Operations") else { return .absent }
            return .multiple(operations)
        case "kms:granteeprincipal": return isOperation(.createGrant) ? parameter("GranteePrincipal") : .absent
        case "kms:retiringprincipal": return isOperation(.createGrant) ? parameter("RetiringPrincipal") : .absent
        case "kms:grantconstrainttype":
            guard isOperation(.createGrant), case .object(let constraints)? = p["Constraints"] else { return .absent }
            if constraints["EncryptionContextEquals"] != nil { return .single("EncryptionContextEquals") }
            if constraints["EncryptionContextSubset"] != nil { return .single("EncryptionContextSubset") }
            return .absent
        case "kms:grantisforawsresource":
            // True only when an AWS service calls on a principal's behalf, which never happens here.
            return isOperation(.createGrant, .listGrants, .revokeGrant) ? .single("false") : .absent
        case "kms:bypasspolicylockoutsafetycheck":
            return p.bool("BypassPolicyLockoutSafetyCheck").map { .single($0 ? "true" : "false") } ?? .absent
        case "kms:schedulekeydeletionpendingwindowindays":
            return isOperation(.scheduleKeyDeletion) ? (p.int("PendingWindowInDays").map { .single(String($0)) } ?? .single("30")) : .absent
        case "kms:rotationperiodindays": return p.int("RotationPeriodInDays").map { .single(String($0)) } ?? .absent
        case "aws:requestedregion": return .single(request.region)
        case "aws:tagkeys":
            if isOperation(.untagResource) { return p.stringList("TagKeys").map { .multiple($0) } ?? .absent }
            let tags = requestTagKeys
            return tags.isEmpty ? .absent : .multiple(tags)
        default: return .absent
        }
    }

    private var p: JSONObject { request.parameters }

    private func isOperation(_ operations: KMSOperation...) -> Bool { operations.contains(request.operation) }

    private func parameter(_ member: String) -> ConditionValues {
        p.string(member).map { .single($0) } ?? .absent
    }

    private var keySpec: ConditionValues {
        if let key { return .single(key.keySpec.rawValue) }
        guard isOperation(.createKey) else { return .absent }
        return .single(p.string("KeySpec") ?? p.string("CustomerMasterKeySpec") ?? "SYMMETRIC_DEFAULT")
    }

    private var keyUsage: ConditionValues {
        if let key { return .single(key.keyUsage.rawValue) }
        guard isOperation(.createKey) else { return .absent }
        return .single(p.string("KeyUsage") ?? "ENCRYPT_DECRYPT")
    }

    private var keyOrigin: ConditionValues {
        if let key { return .single(key.origin.rawValue) }
        guard isOperation(.createKey) else { return .absent }
        return .single(p.string("Origin") ?? "AWS_KMS")
    }

    private var multiRegion: ConditionValues {
        if let key { return .single(key.multiRegion ? "true" : "false") }
        guard isOperation(.createKey) else { return .absent }
        return .single(p.bool("MultiRegion") == true ? "true" : "false")
    }

    /// The request's encryption context as a grant constraint sees it (CreateGrant's own
    /// constraint is not a request context).
    var encryptionContextForGrants: [String: String]? {
        request.operation == .createGrant ? nil : encryptionContext
    }

    /// The context the checked action works with: ReEncrypt's source side has its own, and a
    /// grant's is the one of its constraint.
    private var encryptionContext: [String: String]? {
        switch request.operation {
        case .reEncrypt:
            return p.stringMap(action == .reEncryptFrom ? "SourceEncryptionContext" : "DestinationEncryptionContext")
        case .createGrant:
            guard case .object(let constraints)? = p["Constraints"] else { return nil }
            return constraints.stringMap("EncryptionContextEquals") ?? constraints.stringMap("EncryptionContextSubset")
        case .encrypt, .decrypt, .generateDataKey, .generateDataKeyWithoutPlaintext, .generateDataKeyPair,
             .generateDataKeyPairWithoutPlaintext:
            return p.stringMap("EncryptionContext")
        default:
            return nil
        }
    }

    /// Condition keys name the context key case-insensitively; its value keeps its case.
    private func encryptionContextValue(_ lowercasedKey: String) -> ConditionValues {
        guard let context = encryptionContext else { return .absent }
        for (key, value) in context where key.lowercased() == lowercasedKey { return .single(value) }
        return .absent
    }

    private var encryptionAlgorithm: ConditionValues {
        switch request.operation {
        case .encrypt, .decrypt:
            return .single(p.string("EncryptionAlgorithm") ?? "SYMMETRIC_DEFAULT")
        case .reEncrypt:
            let member = action == .reEncryptFrom ? "SourceEncryptionAlgorithm" : "DestinationEncryptionAlgorithm"
            return .single(p.string(member) ?? "SYMMETRIC_DEFAULT")
        case .generateDataKey, .generateDataKeyWithoutPlaintext, .generateDataKeyPair, .generateDataKeyPairWithoutPlaintext:
            return .single("SYMMETRIC_DEFAULT")
        default:
            return .absent
        }
    }

    private var requestTags: [String: String] {
        guard isOperation(.createKey, .tagResource), case .array(let tags)? = p["Tags"] else { return [:] }
        var map: [String: String] = [:]
        for case .object(let tag) in tags {
            if let key = tag.string("TagKey") { map[key] = tag.string("TagValue") ?? "" }
        }
        return map
    }

    private var requestTagKeys: [String] { requestTags.keys.sorted() }
}
