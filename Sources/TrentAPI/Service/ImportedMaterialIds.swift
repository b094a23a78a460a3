import Crypto
import Foundation
import TrentCrypto
import TrentStorage

/// AWS names imported material by an identifier derived from the key id and the material,
/// which is how a re-import is recognised as the same material (or refused as different)
/// after the material itself was deleted. Trent derives it with HMAC-SHA-256 under a key of
/// its own, created once and sealed under the root key, so the id reveals nothing about
/// material of low entropy to someone who reads the database.
struct ImportedMaterialIds: Sendable {
    private let key: SymmetricKey

    static let metaName = "imported_material_id_key"
    static let sealContext = "imported-material-id-key"

    static func load(store: any TrentStore, rootKey: RootKey) async throws -> ImportedMaterialIds {
        let candidate = try rootKey.seal(SecureRandom.bytes(32), context: sealContext)
        let sealed = try await store.metaValue(metaName, insertingIfAbsent: candidate)
        return ImportedMaterialIds(key: SymmetricKey(data: try rootKey.open(sealed, context: sealContext)))
    }

    init(key: SymmetricKey) { self.key = key }

    /// 64 hex digits, the length of every KeyMaterialId (a ciphertext carries its 32 bytes).
    func materialId(keyId: String, material: [UInt8]) -> String {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Array(keyId.utf8))
        mac.update(data: [0])
        mac.update(data: material)
        return Data(mac.finalize()).map { String(format: "%02x", $0) }.joined()
    }
}
