import Crypto
import Foundation

/// The root of Trent's key hierarchy. Every key material version and every stored secret is
/// kept only as AES-256-GCM under this key, with additional data naming what it is, so a
/// sealed value cannot be moved to another key or row without failing to open.
public struct RootKey: Sendable {
    let key: SymmetricKey

    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else { throw RootKeyError.wrongLength(bytes.count) }
        key = SymmetricKey(data: bytes)
    }

    public static func generate() -> [UInt8] { SecureRandom.bytes(32) }

    /// nonce ‖ ciphertext ‖ tag
    public func seal(_ plaintext: [UInt8], context: String) throws -> [UInt8] {
        let sealed = try AESGCM.seal(plaintext, key: key, additionalData: Array(("trent-root-v1|" + context).utf8))
        return sealed.nonce + sealed.ciphertext + sealed.tag
    }

    public func open(_ sealed: [UInt8], context: String) throws -> [UInt8] {
        guard sealed.count >= 28 else { throw RootKeyError.cannotOpen }
        do {
            return try AESGCM.open(
                nonce: Array(sealed[0 ..< 12]),
                ciphertext: Array(sealed[12 ..< sealed.count - 16]),
                tag: Array(sealed[(sealed.count - 16)...]),
                key: key,
                additionalData: Array(("trent-root-v1|" + context).utf8)
            )
        } catch {
            throw RootKeyError.cannotOpen
        }
    }

    /// A value stored beside the data so start-up can tell the right root key from a wrong
    /// one before serving anything.
    public func makeCheckValue() throws -> [UInt8] {
        try seal(Array("trent root key check".utf8), context: "root-key-check")
    }

    public func verify(checkValue: [UInt8]) -> Bool {
        (try? open(checkValue, context: "root-key-check")) == Array("trent root key check".utf8)
    }
}

public enum RootKeyError: Error, CustomStringConvertible {
    case wrongLength(Int)
    case cannotOpen

    public var description: String {
        switch self {
        case .wrongLength(let n): return "root key must be 32 bytes, found \(n)"
        case .cannotOpen: return "sealed value does not open under this root key"
        }
    }
}
