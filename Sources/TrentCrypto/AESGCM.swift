import Foundation
import Crypto

/// AES-256-GCM with a fresh random 96-bit nonce per seal. Thin on purpose: callers own the
/// framing (which bytes are additional data, where the nonce goes).
public enum AESGCM {
    public struct Sealed: Sendable {
        public let nonce: [UInt8]
        public let ciphertext: [UInt8]
        public let tag: [UInt8]
    }

    public enum Failure: Error { case authentication, malformed }

    public static func seal(_ plaintext: some DataProtocol, key: SymmetricKey, nonce: [UInt8]? = nil, additionalData: [UInt8]) throws -> Sealed {
        let gcmNonce = try nonce.map { try AES.GCM.Nonce(data: $0) } ?? AES.GCM.Nonce()
        let box = try AES.GCM.seal(plaintext, using: key, nonce: gcmNonce, authenticating: additionalData)
        return Sealed(nonce: Array(gcmNonce), ciphertext: Array(box.ciphertext), tag: Array(box.tag))
    }

    /// Seals and appends ciphertext then tag to `out` (the caller's framing, already holding
    /// its header): one output buffer instead of three arrays and two concatenations.
    public static func seal(_ plaintext: [UInt8], key: SymmetricKey, nonce: [UInt8], additionalData: [UInt8], appendingTo out: inout [UInt8]) throws {
        let box = try AES.GCM.seal(plaintext, using: key, nonce: try AES.GCM.Nonce(data: nonce), authenticating: additionalData)
        out.reserveCapacity(out.count + box.ciphertext.count + box.tag.count)
        out.append(contentsOf: box.ciphertext)
        out.append(contentsOf: box.tag)
    }

    public static func open(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8], key: SymmetricKey, additionalData: [UInt8]) throws(Failure) -> [UInt8] {
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: nonce), ciphertext: ciphertext, tag: tag)
            return Array(try AES.GCM.open(box, using: key, authenticating: additionalData))
        } catch let error as CryptoKitError {
            if case .authenticationFailure = error { throw .authentication }
            throw .malformed
        } catch {
            throw .malformed
        }
    }

    public static func randomNonce() -> [UInt8] { SecureRandom.bytes(12) }
}

