import Crypto
import TrentCrypto
import TrentDomain

extension KMSService {
    func generateMac(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let (live, key, algorithm) = try macInputs(p, c, operation: .generateMac)
        try checkDryRun(p)
        let mac = key.withUnsafeBytes { KMSMac.generate(key: Array($0), algorithm: algorithm, message: p.blob("Message") ?? []) }
        return Wire.object([
            ("Mac", Wire.blob(mac)),
            ("MacAlgorithm", .string(algorithm.rawValue)),
            ("KeyId", .string(live.record.arn)),
        ])
    }

    func verifyMac(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let (live, key, algorithm) = try macInputs(p, c, operation: .verifyMac)
        try checkDryRun(p)
        let valid = key.withUnsafeBytes {
            KMSMac.verify(key: Array($0), algorithm: algorithm, message: p.blob("Message") ?? [], mac: p.blob("Mac") ?? [])
        }
        guard valid else { throw KMSError("KMSInvalidMacException", "") }
        return Wire.object([
            ("KeyId", .string(live.record.arn)),
            ("MacValid", .bool(true)),
            ("MacAlgorithm", .string(algorithm.rawValue)),
        ])
    }

    func macInputs(_ p: JSONObject, _ c: RequestContext, operation: KMSOperation) throws(KMSError) -> (LiveKey, SymmetricKey, MacAlgorithm) {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOrAlias, context: c)
        try KeyStateTable.check(operation, state: live.record.state, keyArn: live.record.arn)
        guard live.record.keyUsage == .generateVerifyMac, let key = live.currentMaterial?.hmacKey else {
            throw AsymmetricErrors.usage(live.record, operation)
        }
        let name = p.string("MacAlgorithm") ?? ""
        guard let algorithm = MacAlgorithm(rawValue: name), live.record.macAlgorithms.contains(name) else {
            throw AsymmetricErrors.incompatible(name, live.record)
        }
        return (live, key, algorithm)
    }
}
