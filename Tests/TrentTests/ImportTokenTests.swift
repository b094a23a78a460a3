import Foundation
import Testing
@testable import TrentAPI
import TrentCrypto
import TrentJSON

/// The import token is Trent's only defence against a wrapping key or binding being forged:
/// it must open only untouched and only under the root key that made it.
@Suite struct ImportTokenTests {
    let rootKey = try! RootKey(bytes: RootKey.generate())
    let token = ImportToken(
        keyArn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        keyCreationDate: Date(timeIntervalSince1970: 1_700_000_000.125),
        wrappingAlgorithm: "RSA_AES_KEY_WRAP_SHA_256", wrappingKeySpec: "RSA_4096",
        validTo: Date(timeIntervalSince1970: 1_800_000_000.5), wrappingPrivateKeyDER: Array(repeating: 0xA5, count: 2400)
    )

    @Test func roundTrips() throws {
        let opened = try ImportToken.open(try token.sealed(rootKey), rootKey: rootKey)
        #expect(opened.keyArn == token.keyArn)
        #expect(opened.keyCreationDate == token.keyCreationDate)
        #expect(opened.wrappingAlgorithm == token.wrappingAlgorithm)
        #expect(opened.wrappingKeySpec == token.wrappingKeySpec)
        #expect(opened.validTo == token.validTo)
        #expect(opened.wrappingPrivateKeyDER == token.wrappingPrivateKeyDER)
    }

    @Test func fitsTheModelsLimitWithAnRSA4096Key() throws {
        // ImportToken is at most 6144 bytes in the API model; an RSA-4096 PKCS#8 is about 2.4 KB.
        #expect(try token.sealed(rootKey).count < 6144)
    }

    @Test func anyChangedByteIsAnInvalidToken() throws {
        let sealed = try token.sealed(rootKey)
        for index in stride(from: 0, to: sealed.count, by: 97) {
            var tampered = sealed
            tampered[index] ^= 0x01
            #expect(throws: KMSError.self) { try ImportToken.open(tampered, rootKey: rootKey) }
        }
        #expect(throws: KMSError.self) { try ImportToken.open(Array(sealed.dropLast()), rootKey: rootKey) }
        #expect(throws: KMSError.self) { try ImportToken.open([], rootKey: rootKey) }
    }

    @Test func anotherRootKeyCannotOpenIt() throws {
        let other = try RootKey(bytes: RootKey.generate())
        let sealed = try token.sealed(rootKey)
        #expect(throws: ImportToken.invalid) { try ImportToken.open(sealed, rootKey: other) }
    }
}
