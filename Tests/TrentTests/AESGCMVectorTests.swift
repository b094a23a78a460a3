import Crypto
import Testing
@testable import TrentCrypto

/// AES-GCM, the cipher of every symmetric ciphertext and of sealing under the root key,
/// against Project Wycheproof's vectors (96-bit nonces, the only size Trent uses).
@Suite struct AESGCMVectorTests {
    @Test func wycheproofAESGCM() throws {
        let root = try #require(try TestData.json("wycheproof/aes_gcm_test.json") as? [String: Any])
        let groups = try #require(root["testGroups"] as? [[String: Any]])
        var checked = 0
        for group in groups where group["ivSize"] as? Int == 96 && group["tagSize"] as? Int == 128 {
            for test in try #require(group["tests"] as? [[String: Any]]) {
                let id = test["tcId"] as! Int
                let key = SymmetricKey(data: TestData.hex(test["key"] as! String))
                let iv = TestData.hex(test["iv"] as! String)
                let aad = TestData.hex(test["aad"] as! String)
                let msg = TestData.hex(test["msg"] as! String)
                let ct = TestData.hex(test["ct"] as! String)
                let tag = TestData.hex(test["tag"] as! String)
                let result = test["result"] as! String
                let opened = try? AESGCM.open(nonce: iv, ciphertext: ct, tag: tag, key: key, additionalData: aad)
                if result == "valid" {
                    #expect(opened == msg, "tcId \(id): valid vector did not open to msg")
                    let sealed = try AESGCM.seal(msg, key: key, nonce: iv, additionalData: aad)
                    #expect(sealed.ciphertext == ct && sealed.tag == tag, "tcId \(id): seal differs")
                } else if result == "invalid" {
                    #expect(opened == nil, "tcId \(id): invalid vector opened")
                }
                checked += 1
            }
        }
        #expect(checked > 50)
    }

    @Test func randomNoncesDiffer() throws {
        let key = SymmetricKey(size: .bits256)
        let a = try AESGCM.seal([1, 2, 3], key: key, additionalData: [])
        let b = try AESGCM.seal([1, 2, 3], key: key, additionalData: [])
        #expect(a.nonce != b.nonce)
        #expect(a.ciphertext != b.ciphertext)
    }
}
