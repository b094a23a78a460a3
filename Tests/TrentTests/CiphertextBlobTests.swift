import Testing
import TrentDomain

@Suite struct CiphertextBlobTests {
    static let keyId = "1234abcd-12ab-34cd-56ef-1234567890ab"

    static func sample() -> CiphertextBlob {
        CiphertextBlob(
            keyId: keyId, materialId: [UInt8](repeating: 7, count: 32), nonce: [UInt8](repeating: 3, count: 12),
            ciphertext: [1, 2, 3, 4, 5], tag: [UInt8](repeating: 9, count: 16)
        )
    }

    @Test func roundTrip() throws {
        let blob = Self.sample()
        let bytes = blob.serialized()
        #expect(bytes.count == 2 + 36 + 32 + 12 + 5 + 16)
        #expect(try CiphertextBlob.parse(bytes) == blob)
    }

    @Test func multiRegionKeyIdRoundTrips() throws {
        let blob = CiphertextBlob(keyId: "mrk-1234abcd12ab34cd56ef1234567890ab", materialId: [UInt8](repeating: 0, count: 32), nonce: [UInt8](repeating: 0, count: 12), ciphertext: [], tag: [UInt8](repeating: 0, count: 16))
        #expect(try CiphertextBlob.parse(blob.serialized()) == blob)
    }

    @Test func everyTruncationIsRejected() {
        let bytes = Self.sample().serialized()
        let minimum = 2 + 36 + 32 + 12 + 16
        for length in 0 ..< minimum {
            #expect(throws: KMSError.self) { try CiphertextBlob.parse(Array(bytes.prefix(length))) }
        }
    }

    @Test func malformedHeadersAreInvalidCiphertext() {
        var bytes = Self.sample().serialized()
        bytes[0] = 2
        #expect(throws: CiphertextBlob.invalid) { try CiphertextBlob.parse(bytes) }
        bytes = Self.sample().serialized()
        bytes[1] = 0
        #expect(throws: CiphertextBlob.invalid) { try CiphertextBlob.parse(bytes) }
        bytes = Self.sample().serialized()
        bytes[2] = UInt8(ascii: "Z")  // no longer a key id
        #expect(throws: CiphertextBlob.invalid) { try CiphertextBlob.parse(bytes) }
    }

    @Test func additionalDataCoversHeaderAndContext() {
        let blob = Self.sample()
        let aad = blob.additionalData(context: ["a": "b"])
        #expect(Array(aad.prefix(blob.header.count)) == blob.header)
        #expect(aad != blob.additionalData(context: [:]))
        #expect(aad != blob.additionalData(context: ["a": "B"]))
    }
}
