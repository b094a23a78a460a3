import Crypto
import Foundation
import TrentCrypto
import TrentDomain
import TrentPolicy

extension KMSService {
    func encrypt(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOrAlias, context: c)
        try KeyStateTable.check(.encrypt, state: live.record.state, keyArn: live.record.arn)
        let sealed = try sealAny(
            p.blob("Plaintext") ?? [], key: live, algorithm: p.string("EncryptionAlgorithm"),
            context: p.stringMap("EncryptionContext"), operation: .encrypt, dryRun: p.bool("DryRun") == true
        )
        return Wire.object([
            ("CiphertextBlob", Wire.blob(sealed.blob)),
            ("KeyId", .string(live.record.arn)),
            ("EncryptionAlgorithm", .string(sealed.algorithm)),
        ])
    }

    func decrypt(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        try Self.rejectRecipient(p)
        if p.bool("DryRun") == true, ignoresCiphertext(p) {
            let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOrAlias, context: c)
            try KeyStateTable.check(.decrypt, state: live.record.state, keyArn: live.record.arn)
            throw Self.dryRunSucceeded()
        }
        let opened = try openAny(
            blobBytes: p.blob("CiphertextBlob"), keyIdText: p.string("KeyId"),
            algorithm: p.string("EncryptionAlgorithm"), context: p.stringMap("EncryptionContext"),
            operation: .decrypt, action: KMSAction(.decrypt), sameKeyAs: nil, c
        )
        try checkDryRun(p)
        var fields: [(String, JSONValue)] = [
            ("KeyId", .string(opened.key.record.arn)),
            ("Plaintext", Wire.blob(opened.plaintext)),
            ("EncryptionAlgorithm", .string(opened.algorithm)),
        ]
        if let materialId = opened.materialId { fields.append(("KeyMaterialId", .string(materialId))) }
        return Wire.object(fields)
    }

    func reEncrypt(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let destinationText = p.string("DestinationKeyId") ?? ""
        // kms:ReEncryptOnSameKey applies to the destination's check too, which comes first.
        let blobBytes = p.blob("CiphertextBlob")
        let sourceHint = sourceKeyArn(blobBytes, p, c)
        let destination = try resolver.resolve(
            destinationText, accepting: .keyOrAlias, for: .reEncryptTo, context: c,
            extra: { destination in sourceHint.map { Self.sameKey($0, destination.arn) } ?? [:] }
        )
        let source = try openAny(
            blobBytes: blobBytes, keyIdText: p.string("SourceKeyId"),
            algorithm: p.string("SourceEncryptionAlgorithm"), context: p.stringMap("SourceEncryptionContext"),
            operation: .reEncrypt, action: .reEncryptFrom, sameKeyAs: destination.record.arn, c
        )
        try KeyStateTable.check(.reEncrypt, state: destination.record.state, keyArn: destination.record.arn)
        let sealed = try sealAny(
            source.plaintext, key: destination, algorithm: p.string("DestinationEncryptionAlgorithm"),
            context: p.stringMap("DestinationEncryptionContext"), operation: .reEncrypt, dryRun: p.bool("DryRun") == true
        )
        var fields: [(String, JSONValue)] = [
            ("CiphertextBlob", Wire.blob(sealed.blob)),
            ("SourceKeyId", .string(source.key.record.arn)),
            ("KeyId", .string(destination.record.arn)),
            ("SourceEncryptionAlgorithm", .string(source.algorithm)),
            ("DestinationEncryptionAlgorithm", .string(sealed.algorithm)),
        ]
        // The model gives material ids for symmetric keys only; a key pair has one material.
        if let materialId = source.materialId { fields.append(("SourceKeyMaterialId", .string(materialId))) }
        if !destination.record.isAsymmetric {
            fields.append(("DestinationKeyMaterialId", .string(destination.record.currentMaterialId)))
        }
        return Wire.object(fields)
    }

    func generateDataKey(_ p: JSONObject, _ c: RequestContext, includePlaintext: Bool) throws -> JSONValue {
        try Self.rejectRecipient(p)
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOrAlias, context: c)
        let length = try Self.dataKeyLength(p)
        let operation: KMSOperation = includePlaintext ? .generateDataKey : .generateDataKeyWithoutPlaintext
        try KeyStateTable.check(operation, state: live.record.state, keyArn: live.record.arn)
        try SymmetricCipher.requireSymmetric(live.record, operation: operation, algorithm: nil)
        let context = p.stringMap("EncryptionContext") ?? [:]
        try checkDryRun(p)
        let dataKey = SecureRandom.bytes(length)
        let blob = try SymmetricCipher.seal(dataKey, key: live, context: context)
        var fields: [(String, JSONValue)] = [("CiphertextBlob", Wire.blob(blob))]
        if includePlaintext { fields.append(("Plaintext", Wire.blob(dataKey))) }
        fields.append(("KeyId", .string(live.record.arn)))
        fields.append(("KeyMaterialId", .string(live.record.currentMaterialId)))
        return Wire.object(fields)
    }

    func generateRandom(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        try Self.rejectRecipient(p)
        if let storeId = p.string("CustomKeyStoreId") {
            throw KMSError("CustomKeyStoreNotFoundException", "Custom key store '\(storeId)' does not exist.")
        }
        guard let count = p.int("NumberOfBytes") else {
            // The model marks it optional, so this is AWS's own check, not a model one.
            throw KMSError.validation("NumberOfBytes is required.")
        }
        return Wire.object([("Plaintext", Wire.blob(SecureRandom.bytes(count)))])
    }

    /// KeySpec or NumberOfBytes, exactly one of them.
    static func dataKeyLength(_ p: JSONObject) throws(KMSError) -> Int {
        let spec = p.string("KeySpec"), count = p.int("NumberOfBytes")
        switch (spec, count) {
        case (nil, nil):
            throw .validation("Please specify either number of bytes or key spec.")
        case (.some, .some):
            throw .validation("Please specify either number of bytes or key spec, not both.")
        case (let spec?, nil):
            return spec == "AES_128" ? 16 : 32
        case (nil, let count?):
            return count
        }
    }

    static func rejectRecipient(_ p: JSONObject) throws(KMSError) {
        if p["Recipient"] != nil {
            throw .unsupported("Recipient (attested enclave) requests are not supported by this Trent server.")
        }
    }

    func ignoresCiphertext(_ p: JSONObject) -> Bool {
        (p.stringList("DryRunModifiers") ?? []).contains("IGNORE_CIPHERTEXT")
    }

    struct Opened {
        let key: LiveKey
        let plaintext: [UInt8]
        /// The symmetric material version that opened the blob; nil for a key pair.
        let materialId: String?
        var algorithm = EncryptionAlgorithm.symmetricDefault.rawValue
    }

    /// Encrypts under a symmetric key (blob + context) or with a key pair's public half.
    /// DryRun stops after every check and before any cryptography.
    func sealAny(
        _ plaintext: [UInt8], key live: LiveKey, algorithm: String?, context: [String: String]?,
        operation: KMSOperation, dryRun: Bool
    ) throws -> (blob: [UInt8], algorithm: String) {
        guard live.record.isAsymmetric else {
            try SymmetricCipher.requireSymmetric(live.record, operation: operation, algorithm: algorithm)
            if dryRun { throw Self.dryRunSucceeded() }
            return (try SymmetricCipher.seal(plaintext, key: live, context: context ?? [:]), EncryptionAlgorithm.symmetricDefault.rawValue)
        }
        let (handle, chosen) = try AsymmetricCipher.check(live, algorithm: algorithm, context: context, operation: operation)
        if dryRun { throw Self.dryRunSucceeded() }
        do {
            return (try handle.encrypt(plaintext, algorithm: chosen), chosen.rawValue)
        } catch {
            throw AsymmetricErrors.kmsError(error, algorithm: chosen.rawValue, keySpec: live.record.keySpec.rawValue)
        }
    }

    /// Decrypts a symmetric blob (the blob names its key) or, when KeyId names a key pair, a
    /// public-key ciphertext made inside or outside Trent.
    /// `sameKeyAs` is ReEncrypt's destination, for `kms:ReEncryptOnSameKey`.
    func openAny(
        blobBytes: [UInt8]?, keyIdText: String?, algorithm: String?, context: [String: String]?,
        operation: KMSOperation, action: KMSAction, sameKeyAs destination: String?, _ c: RequestContext
    ) throws(KMSError) -> Opened {
        if let keyIdText {
            let live = try resolver.resolve(keyIdText, accepting: .keyOrAlias, for: action, context: c, extra: { Self.sameKey($0.arn, destination) })
            if live.record.isAsymmetric {
                try KeyStateTable.check(operation, state: live.record.state, keyArn: live.record.arn)
                let (handle, chosen) = try AsymmetricCipher.check(live, algorithm: algorithm, context: context, operation: operation)
                guard let blobBytes else {
                    throw .validation("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null")
                }
                do {
                    let plaintext = try handle.decrypt(blobBytes, algorithm: chosen)
                    return Opened(key: live, plaintext: plaintext, materialId: nil, algorithm: chosen.rawValue)
                } catch {
                    throw AsymmetricErrors.kmsError(error, algorithm: chosen.rawValue, keySpec: live.record.keySpec.rawValue)
                }
            }
        }
        return try openSymmetric(
            blobBytes: blobBytes, keyIdText: keyIdText, algorithm: algorithm, context: context ?? [:],
            operation: operation, action: action, sameKeyAs: destination, blobMember: "ciphertextBlob", c
        )
    }

    /// The source key's ARN as far as it can be told before any key is authorised: from the
    /// symmetric blob's header, else from SourceKeyId.
    func sourceKeyArn(_ blobBytes: [UInt8]?, _ p: JSONObject, _ c: RequestContext) -> String? {
        if let blobBytes, let blob = try? CiphertextBlob.parse(blobBytes) {
            let account = keys.owner(region: c.region, keyId: blob.keyId) ?? c.account
            return KeyIdentifiers.keyArn(region: c.region, account: account, keyId: blob.keyId)
        }
        return p.string("SourceKeyId").flatMap { resolver.peekArn($0, context: c) }
    }

    /// `kms:ReEncryptOnSameKey`, present only for ReEncrypt.
    static func sameKey(_ source: String, _ destination: String?) -> [String: ConditionValues] {
        guard let destination else { return [:] }
        return ["kms:reencryptonsamekey": .single(source == destination ? "true" : "false")]
    }

    /// Decrypt's core, shared with ReEncrypt's source side. The blob names its key; a KeyId
    /// in the request must name the same key.
    func openSymmetric(
        blobBytes: [UInt8]?, keyIdText: String?, algorithm: String?, context: [String: String],
        operation: KMSOperation, action: KMSAction, sameKeyAs destination: String?, blobMember: String, _ c: RequestContext
    ) throws(KMSError) -> Opened {
        guard let blobBytes else {
            throw .validation("1 validation error detected: Value null at '\(blobMember)' failed to satisfy constraint: Member must not be null")
        }
        let blob = try CiphertextBlob.parse(blobBytes)
        let live: LiveKey
        if let keyIdText {
            let requested = try resolver.resolve(
                keyIdText, accepting: .keyOrAlias, for: action, context: c,
                extra: { Self.sameKey($0.arn, destination) }
            )
            if requested.record.keyId != blob.keyId {
                throw KMSError("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.")
            }
            live = requested
        } else {
            guard let found = try resolver.resolveFromCiphertext(
                keyId: blob.keyId, for: action, context: c, extra: { Self.sameKey($0.arn, destination) }
            ) else { throw CiphertextBlob.invalid }
            live = found
        }
        try KeyStateTable.check(operation, state: live.record.state, keyArn: live.record.arn)
        try SymmetricCipher.requireSymmetric(live.record, operation: operation, algorithm: algorithm)
        let materialId = Hex.encode(blob.materialId)
        guard let material = live.material(materialId)?.aesKey else { throw CiphertextBlob.invalid }
        do {
            let plaintext = try AESGCM.open(
                nonce: blob.nonce, ciphertext: blob.ciphertext, tag: blob.tag,
                key: material, additionalData: blob.additionalData(context: context)
            )
            return Opened(key: live, plaintext: plaintext, materialId: materialId)
        } catch {
            throw CiphertextBlob.invalid
        }
    }
}

/// Public-key encryption rules: ENCRYPT_DECRYPT key pairs only, an algorithm the key spec
/// supports (required: the SYMMETRIC_DEFAULT default does not fit), and no encryption context.
enum AsymmetricCipher {
    static func check(
        _ live: LiveKey, algorithm: String?, context: [String: String]?, operation: KMSOperation
    ) throws(KMSError) -> (any PrivateKeyHandle, PublicKeyEncryption) {
        guard live.record.keyUsage == .encryptDecrypt, let handle = live.currentMaterial?.keyPair else {
            throw AsymmetricErrors.usage(live.record, operation)
        }
        let name = algorithm ?? EncryptionAlgorithm.symmetricDefault.rawValue
        guard let chosen = PublicKeyEncryption(rawValue: name),
              live.record.encryptionAlgorithms.contains(where: { $0.rawValue == name })
        else { throw AsymmetricErrors.incompatible(name, live.record) }
        if let context, !context.isEmpty {
            throw KMSError.validation("EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.")
        }
        return (handle, chosen)
    }
}

/// AES-256-GCM under a key's current material, framed as a `CiphertextBlob`.
enum SymmetricCipher {
    static func seal(_ plaintext: [UInt8], key: LiveKey, context: [String: String]) throws -> [UInt8] {
        let materialIdHex = key.record.currentMaterialId
        guard let material = key.material(materialIdHex)?.aesKey, let materialId = Hex.decode(materialIdHex) else {
            throw KMSError.internalFailure
        }
        let nonce = AESGCM.randomNonce()
        var blob = CiphertextBlob.header(keyId: key.record.keyId, materialId: materialId, nonce: nonce)
        let additionalData = blob + EncryptionContext.canonicalBytes(context)
        try AESGCM.seal(plaintext, key: material, nonce: nonce, additionalData: additionalData, appendingTo: &blob)
        return blob
    }

    /// Symmetric encryption operations need a SYMMETRIC_DEFAULT key and accept only the
    /// SYMMETRIC_DEFAULT algorithm for it.
    static func requireSymmetric(_ key: KeyRecord, operation: KMSOperation, algorithm: String?) throws(KMSError) {
        guard key.keyUsage == .encryptDecrypt, key.keySpec == .symmetricDefault else {
            throw KMSError(
                "InvalidKeyUsageException",
                "\(key.arn) key usage is \(key.keyUsage.rawValue) which is not valid for \(operation.rawValue)."
            )
        }
        if let algorithm, algorithm != EncryptionAlgorithm.symmetricDefault.rawValue {
            throw KMSError("InvalidKeyUsageException", "Algorithm \(algorithm) is incompatible with key spec SYMMETRIC_DEFAULT.")
        }
    }
}
