import CMLDSAShim

/// The CMLDSAShim C functions with Swift arrays: BoringSSL's ML-DSA-44 and its external-µ
/// signing and verification, which swift-crypto 4.5.2 compiles in but does not wrap. Every
/// C function answers 1 for success; anything else is `Failure`.
enum MLDSAShim {
    struct Failure: Error {}

    static let seedBytes = Int(TRENT_MLDSA_SEED_BYTES)
    static let muBytes = Int(TRENT_MLDSA_MU_BYTES)

    typealias SignMu = (UnsafeMutablePointer<UInt8>?, UnsafePointer<UInt8>?, UnsafePointer<UInt8>?) -> Int32
    typealias VerifyMu = (UnsafePointer<UInt8>?, Int, UnsafePointer<UInt8>?, Int, UnsafePointer<UInt8>?) -> Int32

    /// A fresh signature of µ with the private key expanded from `seed`; hedged like RAW signing.
    static func sign(mu: [UInt8], seed: [UInt8], signatureBytes: Int, _ function: SignMu) throws(Failure) -> [UInt8] {
        // The C side reads exactly these many bytes from each pointer.
        guard seed.count == seedBytes, mu.count == muBytes else { throw Failure() }
        return try output(signatureBytes) { out in
            seed.withUnsafeBufferPointer { s in mu.withUnsafeBufferPointer { m in function(out, s.baseAddress, m.baseAddress) } }
        }
    }

    static func isValid(signature: [UInt8], mu: [UInt8], publicKey: [UInt8], _ function: VerifyMu) -> Bool {
        guard mu.count == muBytes else { return false }
        return publicKey.withUnsafeBufferPointer { k in
            signature.withUnsafeBufferPointer { s in
                mu.withUnsafeBufferPointer { m in function(k.baseAddress, k.count, s.baseAddress, s.count, m.baseAddress) == 1 }
            }
        }
    }

    /// `count` bytes written by `body`, which answers the C status.
    static func output(_ count: Int, _ body: (UnsafeMutablePointer<UInt8>?) -> Int32) throws(Failure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard bytes.withUnsafeMutableBufferPointer({ body($0.baseAddress) }) == 1 else { throw Failure() }
        return bytes
    }
}
