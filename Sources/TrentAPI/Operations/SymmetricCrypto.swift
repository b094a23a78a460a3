import Crypto
import Foundation
import TrentCrypto
import TrentDomain

extension KMSService {
    func encrypt(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOrAlias, context: c)
        try KeyStateTable.check(.encrypt, state: live.record.state, keyArn: live.record.arn)
        try SymmetricCipher.requireSymmetric(live.record, operation: .encrypt, algorithm: p.string("EncryptionAlgorithm"))
        let context = p.stringMap("EncryptionContext") ?? [:]
        try checkDryRun(p)
        let blob = try SymmetricCipher.seal(p.blob("Plaintext") ?? [], key: live, context: context)
        return Wire.object([
            ("CiphertextBlob", Wire.blob(blob)),
            ("KeyId", .string(live.record.arn)),
            ("EncryptionAlgorithm", .string(EncryptionAlgorithm.symmetricDefault.rawValue)),
        ])
    }

    func decrypt(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        try Self.rejectRecipient(p)
        if p.bool("DryRun") == true, ignoresCiphertext(p) {
            let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOrAlias, context: c)
            try KeyStateTable.check(.decrypt, state: live.record.state, keyArn: live.record.arn)
            throw Self.dryRunSucceeded()
        }
        let opened = try openSymmetric(
            blobBytes: p.blob("CiphertextBlob"), keyIdText: p.string("KeyId"),
            algorithm: p.string("EncryptionAlgorithm"), context: p.stringMap("EncryptionContext") ?? [:],
            operation: .decrypt, blobMember: "ciphertextBlob", c
        )
        try checkDryRun(p)
        return Wire.object([
            ("KeyId", .string(opened.key.record.arn)),
            ("Plaintext", Wire.blob(opened.plaintext)),
            ("EncryptionAlgorithm", .string(EncryptionAlgorithm.symmetricDefault.rawValue)),
            ("KeyMaterialId", .string(opened.materialId)),
        ])
    }

    func reEncrypt(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let destination = try resolver.resolve(p.string("DestinationKeyId") ?? "", accepting: .keyOrAlias, context: c)
        let source = try openSymmetric(
            blobBytes: p.blob("CiphertextBlob"), keyIdText: p.string("SourceKeyId"),
            algorithm: p.string("SourceEncryptionAlgorithm"), context: p.stringMap("SourceEncryptionContext") ?? [:],
            operation: .reEncrypt, blobMember: "ciphertextBlob", c
        )
        try KeyStateTable.check(.reEncrypt, state: destination.record.state, keyArn: destination.record.arn)
        try SymmetricCipher.requireSymmetric(destination.record, operation: .reEncrypt, algorithm: p.string("DestinationEncryptionAlgorithm"))
        try checkDryRun(p)
        let blob = try SymmetricCipher.seal(source.plaintext, key: destination, context: p.stringMap("DestinationEncryptionContext") ?? [:])
        return Wire.object([
            ("CiphertextBlob", Wire.blob(blob)),
            ("SourceKeyId", .string(source.key.record.arn)),
            ("KeyId", .string(destination.record.arn)),
            ("SourceEncryptionAlgorithm", .string(EncryptionAlgorithm.symmetricDefault.rawValue)),
            ("DestinationEncryptionAlgorithm", .string(EncryptionAlgorithm.symmetricDefault.rawValue)),
            ("SourceKeyMaterialId", .string(source.materialId)),
            ("DestinationKeyMaterialId", .string(destination.record.currentMaterialId)),
        ])
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
            throw KMSError.validation("1 validation error detected: Value null at 'numberOfBytes' failed to satisfy constraint: Member must not be null")
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
        let materialId: String
    }

    /// Decrypt's core, shared with ReEncrypt's source side. The blob names its key; a KeyId
    /// in the request must name the same key.
    func openSymmetric(
        blobBytes: [UInt8]?, keyIdText: String?, algorithm: String?, context: [String: String],
        operation: KMSOperation, blobMember: String, _ c: RequestContext
    ) throws(KMSError) -> Opened {
        guard let blobBytes else {
            throw .validation("1 validation error detected: Value null at '\(blobMember)' failed to satisfy constraint: Member must not be null")
        }
        let requested = try keyIdText.map { text throws(KMSError) in
            try resolver.resolve(text, accepting: .keyOrAlias, context: c)
        }
        let blob = try CiphertextBlob.parse(blobBytes)
        if let requested, requested.record.keyId != blob.keyId {
            throw KMSError("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.")
        }
        guard let live = requested ?? keys[.init(account: c.account, region: c.region, keyId: blob.keyId)] else {
            throw CiphertextBlob.invalid
        }
        try KeyStateTable.check(operation, state: live.record.state, keyArn: live.record.arn)
        try SymmetricCipher.requireSymmetric(live.record, operation: operation, algorithm: algorithm)
        let materialId = Hex.encode(blob.materialId)
        guard let material = live.materials[materialId]?.aesKey else { throw CiphertextBlob.invalid }
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

/// AES-256-GCM under a key's current material, framed as a `CiphertextBlob`.
enum SymmetricCipher {
    static func seal(_ plaintext: [UInt8], key: LiveKey, context: [String: String]) throws -> [UInt8] {
        let materialIdHex = key.record.currentMaterialId
        guard let material = key.materials[materialIdHex]?.aesKey, let materialId = Hex.decode(materialIdHex) else {
            throw KMSError.internalFailure
        }
        let nonce = AESGCM.randomNonce()
        let header = CiphertextBlob.header(keyId: key.record.keyId, materialId: materialId, nonce: nonce)
        let sealed = try AESGCM.seal(plaintext, key: material, nonce: nonce, additionalData: header + EncryptionContext.canonicalBytes(context))
        return header + sealed.ciphertext + sealed.tag
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
