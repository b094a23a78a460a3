import Testing
import TrentDomain

@Suite struct EncryptionContextTests {
    @Test func orderIndependent() {
        let a = EncryptionContext.canonicalBytes(["app": "billing", "env": "prod", "z": ""])
        let b = EncryptionContext.canonicalBytes(["z": "", "env": "prod", "app": "billing"])
        #expect(a == b)
    }

    @Test func caseSensitive() {
        #expect(EncryptionContext.canonicalBytes(["App": "x"]) != EncryptionContext.canonicalBytes(["app": "x"]))
        #expect(EncryptionContext.canonicalBytes(["app": "X"]) != EncryptionContext.canonicalBytes(["app": "x"]))
    }

    @Test func unambiguous() {
        #expect(EncryptionContext.canonicalBytes(["a": "bc"]) != EncryptionContext.canonicalBytes(["ab": "c"]))
        #expect(EncryptionContext.canonicalBytes(["a": "b", "c": "d"]) != EncryptionContext.canonicalBytes(["a": "b\u{0}c"]))
        #expect(EncryptionContext.canonicalBytes([:]) != EncryptionContext.canonicalBytes(["": ""]))
    }

    @Test func exactEncoding() {
        // count, then length-prefixed key and value, pairs sorted by key bytes
        #expect(EncryptionContext.canonicalBytes(["b": "2", "a": "1"]) == [
            0, 0, 0, 2,
            0, 0, 0, 1, 97, 0, 0, 0, 1, 49,
            0, 0, 0, 1, 98, 0, 0, 0, 1, 50,
        ])
    }

    @Test func unicodeSortsByUTF8Bytes() {
        let bytes = EncryptionContext.canonicalBytes(["é": "1", "z": "2"])
        // "z" (0x7a) sorts before "é" (0xc3 0xa9)
        #expect(bytes[8] == 0x7a)
    }
}
