import TrentCrypto
import TrentDomain

extension KMSService {
    /// A new key pair whose private key is returned encrypted under a symmetric KMS key (and,
    /// for GenerateDataKeyPair, also in plaintext). Trent keeps nothing of it.
    func generateDataKeyPair(_ p: JSONObject, _ c: RequestContext, includePlaintext: Bool) async throws -> JSONValue {
        try Self.rejectRecipient(p)
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOrAlias, context: c)
        let operation: KMSOperation = includePlaintext ? .generateDataKeyPair : .generateDataKeyPairWithoutPlaintext
        try KeyStateTable.check(operation, state: live.record.state, keyArn: live.record.arn)
        try SymmetricCipher.requireSymmetric(live.record, operation: operation, algorithm: nil)
        let specName = p.string("KeyPairSpec") ?? ""
        guard let kind = KeyPairKind(rawValue: specName), DataKeyPairRules.specs.contains(kind) else {
            throw KMSError.validation("KeyPairSpec \(specName) is not a valid data key pair spec.")
        }
        let context = p.stringMap("EncryptionContext") ?? [:]
        try checkDryRun(p)
        let pair: any PrivateKeyHandle
        do {
            pair = try await BlockingWork.run { () throws(AsymmetricFailure) in try KeyPairs.generate(kind) }
        } catch let failure as AsymmetricFailure {
            throw AsymmetricErrors.kmsError(failure, algorithm: nil, keySpec: specName)
        }
        let privateKey = pair.privateKeyDER
        let blob = try SymmetricCipher.seal(privateKey, key: live, context: context)
        var fields: [(String, JSONValue)] = [("PrivateKeyCiphertextBlob", Wire.blob(blob))]
        if includePlaintext { fields.append(("PrivateKeyPlaintext", Wire.blob(privateKey))) }
        fields += [
            ("PublicKey", Wire.blob(pair.publicKeyDER)),
            ("KeyId", .string(live.record.arn)),
            ("KeyPairSpec", .string(specName)),
            ("KeyMaterialId", .string(live.record.currentMaterialId)),
        ]
        return Wire.object(fields)
    }
}

enum DataKeyPairRules {
    /// The model's DataKeyPairSpec values.
    static let specs: Set<KeyPairKind> = [.rsa2048, .rsa3072, .rsa4096, .p256, .p384, .p521, .secp256k1, .sm2, .ed25519]
}
