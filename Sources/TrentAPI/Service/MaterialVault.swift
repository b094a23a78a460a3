import Crypto
import Foundation
import TrentCrypto
import TrentDomain
import TrentStorage

/// Seals key material under the root key before it is stored, and unseals it when loaded.
/// The additional data names the key ARN and material id, so a sealed row copied onto
/// another key or material version does not open.
struct MaterialVault: Sendable {
    let rootKey: RootKey

    static func context(keyArn: String, materialId: String) -> String {
        "key-material|\(keyArn)|\(materialId)"
    }

    func seal(_ material: KeyMaterial, keyArn: String, materialId: String, at date: Date) throws -> SealedMaterial {
        let bytes = material.sealableBytes
        let sealed = try rootKey.seal(bytes, context: Self.context(keyArn: keyArn, materialId: materialId))
        return SealedMaterial(materialId: materialId, sealed: sealed, createdAt: date)
    }

    func unseal(_ material: SealedMaterial, keyArn: String) throws -> [UInt8] {
        try rootKey.open(material.sealed, context: Self.context(keyArn: keyArn, materialId: material.materialId))
    }

    static func newMaterialId() -> String { SecureRandom.hex(32) }
}
