import Crypto
import Foundation
import TrentCrypto
import TrentDomain
import TrentPolicy
import TrentStorage

extension KMSService {
    func createKey(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let spec = try CreateKeySpec.resolve(p)
        try checkKeyQuota(account: c.account, region: c.region)
        let description = p.string("Description") ?? ""
        let tags = try TagRules.validateNew(Wire.tags(p, "Tags") ?? [])
        // Tagging at creation needs kms:TagResource from an identity policy: the new key's
        // policy does not count yet.
        if !tags.isEmpty { try authorizer.authorizeAccountWide(KMSAction(.tagResource), c) }
        let keyId = spec.multiRegion ? "mrk-" + SecureRandom.hex(16) : UUID().uuidString.lowercased()
        let (policy, compiled) = try newKeyPolicy(
            p, keyArn: KeyIdentifiers.keyArn(region: c.region, account: c.account, keyId: keyId), account: c.account, c
        )

        // A key for imported material starts with none: PendingImport until ImportKeyMaterial.
        let imported = spec.origin == .external
        let materialId = imported ? "" : MaterialVault.newMaterialId()
        let material = imported ? nil : try await Self.newMaterial(for: spec.keySpec)
        let record = KeyRecord(
            account: c.account, region: c.region, keyId: keyId, creationDate: c.now,
            description: description, keySpec: spec.keySpec, keyUsage: spec.keyUsage, origin: spec.origin,
            keyManager: .customer, state: imported ? .pendingImport : .enabled,
            multiRegionType: spec.multiRegion ? .primary : nil, deletionDate: nil, pendingWindowInDays: nil,
            currentMaterialId: materialId,
            materialVersions: imported ? [] : [MaterialVersion(materialId: materialId, createdAt: c.now)],
            policy: policy, tags: tags, version: 1
        )
        let sealed = try material.map { try vault.seal($0, keyArn: record.arn, materialId: materialId, at: c.now) }
        try await store.insertKey(record, materials: sealed.map { [$0] } ?? [])
        let slots = material.map { [materialId: MaterialSlot(open: $0)] } ?? [:]
        keys.publish(LiveKey(record: record, materials: slots, policy: compiled))
        return Wire.object([("KeyMetadata", renderMetadata(record))])
    }
}

extension KMSService {
    /// AWS's resource quota of keys per account and Region, as this node's cache counts
    /// them (on several nodes, concurrent creations can overshoot by a few).
    func checkKeyQuota(account: String, region: String) throws(KMSError) {
        if keys.count(account: account, region: region) >= options.maxKeysPerRegion {
            throw KMSError(
                "LimitExceededException",
                "The request would exceed the quota of \(options.maxKeysPerRegion) KMS keys in account \(account) and Region \(region)."
            )
        }
    }

    /// Fresh material for a new key. Key-pair generation runs on a thread of its own: RSA-4096
    /// can take seconds, and the request threads must keep serving meanwhile.
    static func newMaterial(for spec: KeySpec) async throws -> KeyMaterial {
        switch spec {
        case .symmetricDefault:
            return .aes(SymmetricKey(size: .bits256))
        case .hmac224, .hmac256, .hmac384, .hmac512:
            return .hmac(SymmetricKey(data: SecureRandom.bytes(spec.hmacKeyLength ?? 32)))
        default:
            guard let kind = KeyPairKind(rawValue: spec.rawValue) else { throw KMSError.internalFailure }
            do {
                return .keyPair(try await BlockingWork.run { () throws(AsymmetricFailure) in try KeyPairs.generate(kind) })
            } catch let failure as AsymmetricFailure {
                throw AsymmetricErrors.kmsError(failure, algorithm: nil, keySpec: spec.rawValue)
            }
        }
    }
}

/// The KeySpec, KeyUsage and Origin a CreateKey request asks for, checked against what AWS
/// allows and what this server supports.
struct CreateKeySpec {
    let keySpec: KeySpec
    let keyUsage: KeyUsage
    let origin: KeyOrigin
    let multiRegion: Bool

    /// KeyUsage values each KeySpec may have (AWS KMS key spec reference).
    static let validUsages: [KeySpec: [KeyUsage]] = [
        .symmetricDefault: [.encryptDecrypt],
        .rsa2048: [.encryptDecrypt, .signVerify],
        .rsa3072: [.encryptDecrypt, .signVerify],
        .rsa4096: [.encryptDecrypt, .signVerify],
        .eccNistP256: [.signVerify, .keyAgreement],
        .eccNistP384: [.signVerify, .keyAgreement],
        .eccNistP521: [.signVerify, .keyAgreement],
        .eccSecgP256k1: [.signVerify],
        .eccNistEdwards25519: [.signVerify],
        .mlDsa44: [.signVerify], .mlDsa65: [.signVerify], .mlDsa87: [.signVerify],
        .sm2: [.encryptDecrypt, .signVerify, .keyAgreement],
        .hmac224: [.generateVerifyMac], .hmac256: [.generateVerifyMac],
        .hmac384: [.generateVerifyMac], .hmac512: [.generateVerifyMac],
    ]

    static func resolve(_ p: JSONObject) throws(KMSError) -> CreateKeySpec {
        let specText = p.string("KeySpec")
        let legacyText = p.string("CustomerMasterKeySpec")
        if specText != nil, legacyText != nil {
            throw .validation("You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.")
        }
        // Both enums were checked by the model validator.
        let keySpec = KeySpec(rawValue: specText ?? legacyText ?? "SYMMETRIC_DEFAULT") ?? .symmetricDefault
        let usage: KeyUsage
        if let usageText = p.string("KeyUsage"), let given = KeyUsage(rawValue: usageText) {
            usage = given
        } else if keySpec == .symmetricDefault {
            usage = .encryptDecrypt
        } else {
            throw .validation("You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.")
        }
        guard validUsages[keySpec]?.contains(usage) == true else {
            throw .validation("KeyUsage \(usage.rawValue) is not compatible with KeySpec \(keySpec.rawValue)")
        }
        let origin = KeyOrigin(rawValue: p.string("Origin") ?? "AWS_KMS") ?? .awsKMS
        if let storeId = p.string("CustomKeyStoreId") {
            throw KMSError("CustomKeyStoreNotFoundException", "Custom key store '\(storeId)' does not exist.")
        }
        if p.string("XksKeyId") != nil, origin != .externalKeyStore {
            throw .validation("XksKeyId is valid only for KMS keys with an Origin of EXTERNAL_KEY_STORE.")
        }
        switch origin {
        case .awsKMS:
            break
        case .awsCloudHSM, .externalKeyStore:
            throw .validation("A CustomKeyStoreId is required for KMS keys with an Origin of \(origin.rawValue).")
        case .external:
            break
        }
        return CreateKeySpec(keySpec: keySpec, keyUsage: usage, origin: origin, multiRegion: p.bool("MultiRegion") == true)
    }
}
