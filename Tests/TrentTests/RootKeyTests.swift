import Testing
@testable import TrentCrypto

@Suite struct RootKeyTests {
    @Test func sealOpensOnlyWithSameKeyAndContext() throws {
        let root = try RootKey(bytes: RootKey.generate())
        let sealed = try root.seal([9, 8, 7], context: "key-material|arn-a|m1")
        #expect(try root.open(sealed, context: "key-material|arn-a|m1") == [9, 8, 7])
        #expect(throws: RootKeyError.self) { try root.open(sealed, context: "key-material|arn-b|m1") }
        let other = try RootKey(bytes: RootKey.generate())
        #expect(throws: RootKeyError.self) { try other.open(sealed, context: "key-material|arn-a|m1") }
        var flipped = sealed
        flipped[flipped.count - 1] ^= 1
        #expect(throws: RootKeyError.self) { try root.open(flipped, context: "key-material|arn-a|m1") }
    }

    @Test func checkValueTellsRightKeyFromWrong() throws {
        let root = try RootKey(bytes: RootKey.generate())
        let check = try root.makeCheckValue()
        #expect(root.verify(checkValue: check))
        #expect(!(try RootKey(bytes: RootKey.generate())).verify(checkValue: check))
    }

    @Test func rootKeyMustBe32Bytes() {
        #expect(throws: RootKeyError.self) { try RootKey(bytes: [UInt8](repeating: 1, count: 16)) }
    }
}
