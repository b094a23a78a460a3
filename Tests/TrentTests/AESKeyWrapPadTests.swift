import Testing
@testable import TrentCrypto

/// AES Key Wrap with Padding (RFC 5649), the second step of RSA_AES_KEY_WRAP_SHA_* imports,
/// against Project Wycheproof's vectors for 256-bit keys (the only size KMS uses).
@Suite struct AESKeyWrapPadTests {
    @Test func wycheproofAES256KWP() throws {
        let root = try #require(try TestData.json("wycheproof/aes_kwp_test.json") as? [String: Any])
        let groups = try #require(root["testGroups"] as? [[String: Any]])
        var valid = 0, invalid = 0
        for group in groups where group["keySize"] as? Int == 256 {
            for test in try #require(group["tests"] as? [[String: Any]]) {
                let id = test["tcId"] as! Int
                let key = TestData.hex(test["key"] as! String)
                let msg = TestData.hex(test["msg"] as! String)
                let ct = TestData.hex(test["ct"] as! String)
                let unwrapped = AESKeyWrapPad.unwrap(ct, key: key)
                if test["result"] as? String == "valid" {
                    #expect(unwrapped == msg, "tcId \(id): valid vector did not unwrap to msg")
                    #expect(AESKeyWrapPad.wrap(msg, key: key) == ct, "tcId \(id): wrap differs")
                    valid += 1
                } else {
                    #expect(unwrapped == nil, "tcId \(id): invalid vector unwrapped")
                    invalid += 1
                }
            }
        }
        #expect(valid > 10 && invalid > 10)
    }

    @Test func refusesOtherKeySizesAndEmptyInput() {
        #expect(AESKeyWrapPad.wrap([1, 2, 3], key: [UInt8](repeating: 7, count: 16)) == nil)
        #expect(AESKeyWrapPad.wrap([], key: [UInt8](repeating: 7, count: 32)) == nil)
        #expect(AESKeyWrapPad.unwrap([UInt8](repeating: 0, count: 15), key: [UInt8](repeating: 7, count: 32)) == nil)
    }

    @Test func roundTripsEveryLengthUpToTwoBlocks() throws {
        let key = [UInt8](repeating: 0x42, count: 32)
        for length in 1 ... 40 {
            let message = (0 ..< length).map { UInt8($0) }
            let wrapped = try #require(AESKeyWrapPad.wrap(message, key: key))
            #expect(wrapped.count == (length + 7) / 8 * 8 + 8)
            #expect(AESKeyWrapPad.unwrap(wrapped, key: key) == message)
            var tampered = wrapped
            tampered[tampered.count - 1] ^= 1
            #expect(AESKeyWrapPad.unwrap(tampered, key: key) == nil)
        }
    }
}
