import TrentCrypto
import TrentDomain

extension KMSService {
    func deriveSharedSecret(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        try Self.rejectRecipient(p)
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOrAlias, context: c)
        try KeyStateTable.check(.deriveSharedSecret, state: live.record.state, keyArn: live.record.arn)
        guard live.record.keyUsage == .keyAgreement, let handle = live.currentMaterial?.keyPair else {
            throw AsymmetricErrors.usage(live.record, .deriveSharedSecret)
        }
        let algorithm = p.string("KeyAgreementAlgorithm") ?? ""
        guard algorithm == "ECDH" else { throw AsymmetricErrors.incompatible(algorithm, live.record) }
        try checkDryRun(p)
        do {
            let secret = try handle.deriveSharedSecret(peerPublicKeyDER: p.blob("PublicKey") ?? [])
            return Wire.object([
                ("KeyId", .string(live.record.arn)),
                ("SharedSecret", Wire.blob(secret)),
                ("KeyAgreementAlgorithm", .string(algorithm)),
                ("KeyOrigin", .string(live.record.origin.rawValue)),
            ])
        } catch .invalidPublicKey {
            // AWS names no reason for a peer key it cannot parse.
            throw KMSError.validation("")
        } catch {
            throw AsymmetricErrors.kmsError(error, algorithm: algorithm, keySpec: live.record.keySpec.rawValue)
        }
    }
}
