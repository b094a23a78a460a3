import TrentCrypto
import TrentDomain

/// How primitive failures reach the wire.
enum AsymmetricErrors {
    static func kmsError(_ failure: AsymmetricFailure, algorithm: String?, keySpec: String) -> KMSError {
        switch failure {
        case .unsupported(let what):
            return .unsupported("\(what) is not supported by this Trent server.")
        case .algorithmMismatch:
            return KMSError("InvalidKeyUsageException", "Algorithm \(algorithm ?? "-") is incompatible with key spec \(keySpec).")
        case .wrongDigestLength:
            return .validation("Digest is invalid length for algorithm \(algorithm ?? "-").")
        case .plaintextTooLong(let max):
            return .validation("Algorithm \(algorithm ?? "-") and key spec \(keySpec) cannot encrypt data larger than \(max) bytes.")
        case .invalidCiphertext:
            return CiphertextBlob.invalid
        case .invalidPublicKey:
            return .validation("PublicKey is not a valid DER-encoded X.509 SubjectPublicKeyInfo for key spec \(keySpec).")
        case .invalidPrivateKey:
            return .internalFailure
        }
    }

    static func usage(_ key: KeyRecord, _ operation: KMSOperation) -> KMSError {
        KMSError("InvalidKeyUsageException", "\(key.arn) key usage is \(key.keyUsage.rawValue) which is not valid for \(operation.rawValue).")
    }

    static func incompatible(_ algorithm: String, _ key: KeyRecord) -> KMSError {
        KMSError("InvalidKeyUsageException", "Algorithm \(algorithm) is incompatible with key spec \(key.keySpec.rawValue).")
    }
}
