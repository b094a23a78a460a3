/// Dispatches key-pair creation and loading to the family that implements each kind.
public enum KeyPairs {
    /// Families compiled into this build. Metatypes of these stateless enums are immutable.
    nonisolated(unsafe) static let families: [any KeyPairFamily.Type] = [
        RSAKeys.self, NISTCurveKeys.self, MLDSAKeys.self, Secp256k1Keys.self, SM2Keys.self, Ed25519Keys.self,
    ]

    static func family(_ kind: KeyPairKind) throws(AsymmetricFailure) -> any KeyPairFamily.Type {
        guard let family = families.first(where: { $0.kinds.contains(kind) }) else {
            throw .unsupported("KeySpec \(kind.rawValue)")
        }
        return family
    }

    public static func generate(_ kind: KeyPairKind) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        try family(kind).generate(kind)
    }

    public static func load(_ kind: KeyPairKind, privateKeyDER: [UInt8]) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        try family(kind).load(kind, privateKeyDER: privateKeyDER)
    }
}
