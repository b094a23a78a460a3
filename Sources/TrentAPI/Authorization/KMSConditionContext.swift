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
        if !extra.isEmpty, let value = extra[name] { return value }
        // One hash lookup instead of a string comparison per case: a 20-statement policy asks
        // dozens of times per request.
        if let known = KMSConditionKey.byName[name] { return value(known) }
        if let global = GlobalConditionKeys.value(
            name, principal: request.principal, sourceAddress: request.sourceAddress,
            secureTransport: request.secureTransport, now: request.now
        ) {
            return global
        }
        if name.hasPrefix("kms:encryptioncontext:") {
            return encryptionContextValue(String(name.dropFirst("kms:encryptioncontext:".count)))
        }
        if name.hasPrefix("aws:resourcetag/") {
            guard let key else { return .absent }
            let wanted = name.dropFirst("aws:resourcetag/".count)
            for tag in key.tags where tag.key.lowercased() == wanted { return .single(tag.value) }
            return .absent
        }
        if name.hasPrefix("aws:requesttag/") {
            return GlobalConditionKeys.tagValue(requestTags, String(name.dropFirst("aws:requesttag/".count)))
        }
        return .absent
    }

    private func value(_ known: KMSConditionKey) -> ConditionValues {
        switch known {
        case .callerAccount: return .single(request.account)
        case .keySpec: return keySpec
        case .keyUsage: return keyUsage
        case .keyOrigin: return keyOrigin
        case .multiRegion: return multiRegion
        case .encryptionContextKeys:
            guard let context = encryptionContext, !context.isEmpty else { return .absent }
            return .multiple(context.keys.sorted())
        case .encryptionAlgorithm: return encryptionAlgorithm
        case .signingAlgorithm: return parameter("SigningAlgorithm")
        case .messageType:
            return isOperation(.sign, .verify) ? .single(p.string("MessageType") ?? "RAW") : .absent
        case .macAlgorithm: return parameter("MacAlgorithm")
        case .keyAgreementAlgorithm: return parameter("KeyAgreementAlgorithm")
        case .dataKeyPairSpec: return parameter("KeyPairSpec")
        case .requestAlias: return requestAlias.map { .single($0) } ?? .absent
        case .resourceAliases:
            guard let key, let aliases else { return .absent }
            let names = aliases.names(of: key)
            return names.isEmpty ? .absent : .multiple(names)
        case .grantOperations:
            guard request.operation == .createGrant, let operations = p.stringList("Operations") else { return .absent }
            return .multiple(operations)
        case .granteePrincipal: return isOperation(.createGrant) ? parameter("GranteePrincipal") : .absent
        case .retiringPrincipal: return isOperation(.createGrant) ? parameter("RetiringPrincipal") : .absent
        case .grantConstraintType:
            guard isOperation(.createGrant), case .object(let constraints)? = p["Constraints"] else { return .absent }
            if constraints["EncryptionContextEquals"] != nil { return .single("EncryptionContextEquals") }
            if constraints["EncryptionContextSubset"] != nil { return .single("EncryptionContextSubset") }
            return .absent
        case .grantIsForAWSResource:
            // True only when an AWS service calls on a principal's behalf, which never happens here.
            return isOperation(.createGrant, .listGrants, .revokeGrant) ? .single("false") : .absent
        case .bypassPolicyLockoutSafetyCheck:
            return p.bool("BypassPolicyLockoutSafetyCheck").map { .single($0 ? "true" : "false") } ?? .absent
        case .scheduleKeyDeletionPendingWindowInDays:
            return isOperation(.scheduleKeyDeletion) ? (p.int("PendingWindowInDays").map { .single(String($0)) } ?? .single("30")) : .absent
        case .rotationPeriodInDays: return p.int("RotationPeriodInDays").map { .single(String($0)) } ?? .absent
        case .requestedRegion: return .single(request.region)
        case .wrappingAlgorithm: return isOperation(.getParametersForImport) ? parameter("WrappingAlgorithm") : .absent
        case .wrappingKeySpec: return isOperation(.getParametersForImport) ? parameter("WrappingKeySpec") : .absent
        case .expirationModel:
            return isOperation(.importKeyMaterial) ? .single(p.string("ExpirationModel") ?? "KEY_MATERIAL_EXPIRES") : .absent
        case .validTo:
            // A date condition key: compared as epoch seconds, which DateValue accepts.
            // Any JSON number passes the model's timestamp check (1e400 parses as infinity);
            // one no date can have is no value rather than a trap.
            guard isOperation(.importKeyMaterial), let seconds = p.double("ValidTo"), seconds.isFinite,
                  abs(seconds) < 1e15
            else { return .absent }
            return .single(String(Int(seconds)))
        case .replicaRegion: return isOperation(.replicateKey) ? parameter("ReplicaRegion") : .absent
        case .primaryRegion: return isOperation(.updatePrimaryRegion) ? parameter("PrimaryRegion") : .absent
        case .tagKeys:
            if isOperation(.untagResource) { return p.stringList("TagKeys").map { .multiple($0) } ?? .absent }
            let tags = requestTagKeys
            return tags.isEmpty ? .absent : .multiple(tags)
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

    /// Condition keys name the context key case-insensitively; its value keeps its case. Read
    /// straight from the request's members: policies may ask this many times per request.
    private func encryptionContextValue(_ lowercasedKey: String) -> ConditionValues {
        guard request.operation != .createGrant else {
            guard let context = encryptionContext else { return .absent }
            for (key, value) in context where key.lowercased() == lowercasedKey { return .single(value) }
            return .absent
        }
        guard takesEncryptionContext, case .object(let context)? = p[encryptionContextMember] else { return .absent }
        for pair in context.pairs {
            guard case .string(let value) = pair.value, pair.key.utf8.count == lowercasedKey.utf8.count else { continue }
            if pair.key == lowercasedKey || pair.key.lowercased() == lowercasedKey { return .single(value) }
        }
        return .absent
    }

    private var takesEncryptionContext: Bool {
        switch request.operation {
        case .encrypt, .decrypt, .reEncrypt, .generateDataKey, .generateDataKeyWithoutPlaintext, .generateDataKeyPair,
             .generateDataKeyPairWithoutPlaintext:
            true
        default:
            false
        }
    }

    /// The member holding the context the checked action works with (see `encryptionContext`).
    private var encryptionContextMember: String {
        switch request.operation {
        case .reEncrypt: action == .reEncryptFrom ? "SourceEncryptionContext" : "DestinationEncryptionContext"
        default: "EncryptionContext"
        }
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

/// KMS's own condition keys (and the global ones whose value comes from the request), by
/// their lowercased names.
enum KMSConditionKey {
    case callerAccount, keySpec, keyUsage, keyOrigin, multiRegion, encryptionContextKeys, encryptionAlgorithm
    case signingAlgorithm, messageType, macAlgorithm, keyAgreementAlgorithm, dataKeyPairSpec, requestAlias
    case resourceAliases, grantOperations, granteePrincipal, retiringPrincipal, grantConstraintType
    case grantIsForAWSResource, bypassPolicyLockoutSafetyCheck, scheduleKeyDeletionPendingWindowInDays
    case rotationPeriodInDays, requestedRegion, tagKeys
    case wrappingAlgorithm, wrappingKeySpec, expirationModel, validTo, replicaRegion, primaryRegion

    static let byName: [String: KMSConditionKey] = [
        "kms:calleraccount": .callerAccount, "kms:keyspec": .keySpec, "kms:customermasterkeyspec": .keySpec,
        "kms:keyusage": .keyUsage, "kms:customermasterkeyusage": .keyUsage, "kms:keyorigin": .keyOrigin,
        "kms:multiregion": .multiRegion, "kms:encryptioncontextkeys": .encryptionContextKeys,
        "kms:encryptionalgorithm": .encryptionAlgorithm, "kms:signingalgorithm": .signingAlgorithm,
        "kms:messagetype": .messageType, "kms:macalgorithm": .macAlgorithm,
        "kms:keyagreementalgorithm": .keyAgreementAlgorithm, "kms:datakeypairspec": .dataKeyPairSpec,
        "kms:requestalias": .requestAlias, "kms:resourcealiases": .resourceAliases,
        "kms:grantoperations": .grantOperations, "kms:granteeprincipal": .granteePrincipal,
        "kms:retiringprincipal": .retiringPrincipal, "kms:grantconstrainttype": .grantConstraintType,
        "kms:grantisforawsresource": .grantIsForAWSResource,
        "kms:bypasspolicylockoutsafetycheck": .bypassPolicyLockoutSafetyCheck,
        "kms:schedulekeydeletionpendingwindowindays": .scheduleKeyDeletionPendingWindowInDays,
        "kms:rotationperiodindays": .rotationPeriodInDays, "aws:requestedregion": .requestedRegion, "aws:tagkeys": .tagKeys,
        "kms:wrappingalgorithm": .wrappingAlgorithm, "kms:wrappingkeyspec": .wrappingKeySpec,
        "kms:expirationmodel": .expirationModel, "kms:validto": .validTo,
        "kms:replicaregion": .replicaRegion, "kms:primaryregion": .primaryRegion,
    ]
}
