import Foundation
import TrentCrypto
import TrentDomain

/// The import token of GetParametersForImport. Trent keeps no state for it: the token is the
/// wrapping key's private half with what it is bound to (key ARN and creation date,
/// wrapping algorithm and spec, expiry), sealed under the root key. Any node with the root key can check one, a
/// token for another key or altered in any byte fails to open or to match, and the private
/// half is never anywhere but sealed.
struct ImportToken {
    static let context = "import-token-v1"
    static let validity: TimeInterval = 86_400

    let keyArn: String
    /// A key deleted and made again under the same ARN (a re-created replica) is another
    /// key: its creation date tells them apart.
    let keyCreationDate: Date
    let wrappingAlgorithm: String
    let wrappingKeySpec: String
    let validTo: Date
    let wrappingPrivateKeyDER: [UInt8]

    func sealed(_ rootKey: RootKey) throws -> [UInt8] {
        var payload: [UInt8] = []
        for field in [Array(keyArn.utf8), Array(String(keyCreationDate.timeIntervalSince1970).utf8), Array(wrappingAlgorithm.utf8), Array(wrappingKeySpec.utf8),
                      Array(String(validTo.timeIntervalSince1970).utf8), wrappingPrivateKeyDER] {
            let count = UInt16(field.count)
            payload += [UInt8(count >> 8), UInt8(count & 0xFF)] + field
        }
        return try rootKey.seal(payload, context: Self.context)
    }

    /// The token's contents, or InvalidImportTokenException when it does not open.
    static func open(_ bytes: [UInt8], rootKey: RootKey) throws(KMSError) -> ImportToken {
        guard let payload = try? rootKey.open(bytes, context: context) else { throw invalid }
        var fields: [[UInt8]] = []
        var offset = 0
        while offset + 2 <= payload.count {
            let count = Int(payload[offset]) << 8 | Int(payload[offset + 1])
            offset += 2
            guard offset + count <= payload.count else { throw invalid }
            fields.append(Array(payload[offset ..< offset + count]))
            offset += count
        }
        guard fields.count == 6, offset == payload.count,
              let created = Double(String(decoding: fields[1], as: UTF8.self)),
              let seconds = Double(String(decoding: fields[4], as: UTF8.self))
        else { throw invalid }
        return ImportToken(
            keyArn: String(decoding: fields[0], as: UTF8.self), keyCreationDate: Date(timeIntervalSince1970: created),
            wrappingAlgorithm: String(decoding: fields[2], as: UTF8.self), wrappingKeySpec: String(decoding: fields[3], as: UTF8.self),
            validTo: Date(timeIntervalSince1970: seconds), wrappingPrivateKeyDER: fields[5]
        )
    }

    static let invalid = KMSError("InvalidImportTokenException", "Import token is invalid.")
    static let expired = KMSError("ExpiredImportTokenException", "Import token has expired.")
}
