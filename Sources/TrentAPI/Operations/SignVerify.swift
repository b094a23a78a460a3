import TrentCrypto
import TrentDomain

extension KMSService {
    func sign(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let (live, handle, algorithm, message) = try signingInputs(p, c, operation: .sign)
        try checkDryRun(p)
        do {
            let signature = try handle.sign(message, algorithm: algorithm)
            return Wire.object([
                ("KeyId", .string(live.record.arn)),
                ("Signature", Wire.blob(signature)),
                ("SigningAlgorithm", .string(algorithm.rawValue)),
            ])
        } catch {
            throw AsymmetricErrors.kmsError(error, algorithm: algorithm.rawValue, keySpec: live.record.keySpec.rawValue)
        }
    }

    func verify(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let (live, handle, algorithm, message) = try signingInputs(p, c, operation: .verify)
        let signature = p.blob("Signature") ?? []
        try checkDryRun(p)
        let valid: Bool
        do {
            valid = try handle.verify(message, signature: signature, algorithm: algorithm)
        } catch {
            throw AsymmetricErrors.kmsError(error, algorithm: algorithm.rawValue, keySpec: live.record.keySpec.rawValue)
        }
        // AWS never answers SignatureValid=false: a bad signature is an exception.
        guard valid else { throw KMSError("KMSInvalidSignatureException", "") }
        return Wire.object([
            ("KeyId", .string(live.record.arn)),
            ("SignatureValid", .bool(true)),
            ("SigningAlgorithm", .string(algorithm.rawValue)),
        ])
    }

    func signingInputs(_ p: JSONObject, _ c: RequestContext, operation: KMSOperation) throws(KMSError)
        -> (LiveKey, any PrivateKeyHandle, SignatureAlgorithm, SignedMessage)
    {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOrAlias, context: c)
        try KeyStateTable.check(operation, state: live.record.state, keyArn: live.record.arn)
        guard live.record.keyUsage == .signVerify, let handle = live.currentMaterial?.keyPair else {
            throw AsymmetricErrors.usage(live.record, operation)
        }
        let algorithmName = p.string("SigningAlgorithm") ?? ""
        guard let algorithm = SignatureAlgorithm(rawValue: algorithmName),
              live.record.signingAlgorithms.contains(algorithmName)
        else { throw AsymmetricErrors.incompatible(algorithmName, live.record) }
        let bytes = p.blob("Message") ?? []
        let messageType = p.string("MessageType") ?? "RAW"
        let message: SignedMessage
        switch messageType {
        case "DIGEST": message = .digest(bytes)
        case "EXTERNAL_MU": message = .externalMu(bytes)
        default: message = .raw(bytes)
        }
        switch (algorithm, messageType) {
        case (.ed25519Sha512, "RAW"), (.ed25519PhSha512, "DIGEST"):
            break
        case (.ed25519Sha512, _):
            throw .validation("The ED25519_SHA_512 signing algorithm requires MessageType RAW.")
        case (.ed25519PhSha512, _):
            throw .validation("The ED25519_PH_SHA_512 signing algorithm requires MessageType DIGEST.")
        case (_, "EXTERNAL_MU") where algorithm != .mlDsaShake256:
            throw .validation("MessageType EXTERNAL_MU is valid only for ML-DSA keys.")
        case (.mlDsaShake256, "DIGEST"):
            throw .validation("The ML_DSA_SHAKE_256 signing algorithm does not support MessageType DIGEST; use RAW or EXTERNAL_MU.")
        default:
            break
        }
        return (live, handle, algorithm, message)
    }

    func getPublicKey(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOrAlias, context: c)
        try KeyStateTable.check(.getPublicKey, state: live.record.state, keyArn: live.record.arn)
        guard let handle = live.currentMaterial?.keyPair else {
            throw KMSError.unsupported("\(live.record.arn) is not an asymmetric KMS key; only asymmetric keys have a public key.")
        }
        var fields: [(String, JSONValue)] = [
            ("KeyId", .string(live.record.arn)),
            ("PublicKey", Wire.blob(handle.publicKeyDER)),
            ("CustomerMasterKeySpec", .string(live.record.keySpec.rawValue)),
            ("KeySpec", .string(live.record.keySpec.rawValue)),
            ("KeyUsage", .string(live.record.keyUsage.rawValue)),
        ]
        fields += KeyMetadataJSON.algorithmFields(live.record)
        return Wire.object(fields)
    }
}
