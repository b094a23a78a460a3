import Foundation
import Testing
@testable import TrentAPI
import TrentDomain
import TrentJSON

@Suite struct GrantRulesTests {
    @Test func equalsConstraintNeedsTheSamePairsWithKeysCaseInsensitive() {
        let c = GrantConstraints(equals: ["Department": "IT"], subset: nil)
        #expect(c.allows(["Department": "IT"]))
        #expect(c.allows(["department": "IT"]))
        #expect(!c.allows(["Department": "it"]))
        #expect(!c.allows(["Department": "IT", "extra": "x"]))
        #expect(!c.allows([:]))
    }

    @Test func subsetConstraintAllowsMorePairs() {
        let c = GrantConstraints(equals: nil, subset: ["a": "1"])
        #expect(c.allows(["a": "1", "b": "2"]))
        #expect(!c.allows(["b": "2"]))
        #expect(!c.allows(["a": "2"]))
    }

    @Test func childGrantsMayOnlyBeStricter() {
        let subset = GrantConstraints(equals: nil, subset: ["a": "1"])
        #expect(subset.admits(child: GrantConstraints(equals: nil, subset: ["a": "1", "b": "2"])))
        #expect(subset.admits(child: GrantConstraints(equals: ["a": "1"], subset: nil)))
        #expect(!subset.admits(child: nil))
        #expect(!subset.admits(child: GrantConstraints(equals: nil, subset: ["b": "2"])))
        let equals = GrantConstraints(equals: ["a": "1"], subset: nil)
        #expect(equals.admits(child: GrantConstraints(equals: ["a": "1"], subset: nil)))
        #expect(!equals.admits(child: GrantConstraints(equals: nil, subset: ["a": "1"])))
        #expect(!equals.admits(child: GrantConstraints(equals: ["a": "1", "b": "2"], subset: nil)))
    }

    @Test func tokensNameTheirGrantAndAreEachUnique() throws {
        let id = String(repeating: "0123456789abcdef", count: 4)
        let first = GrantToken.make(grantId: id), second = GrantToken.make(grantId: id)
        #expect(first != second)
        #expect(try GrantToken.grantId(first) == id)
        #expect(try GrantToken.grantId(second) == id)
        #expect(!first.contains("=") && !first.contains("+") && !first.contains("/"))
        for bad in ["", "x", String(first.dropLast(2)), "Ag" + first.dropFirst(2), first + "AAAA"] {
            #expect(throws: GrantToken.invalid) { try GrantToken.grantId(bad) }
        }
    }

    @Test func grantOperationsFollowTheKeyType() throws {
        func key(_ spec: KeySpec, _ usage: KeyUsage) -> KeyRecord {
            KeyRecord(
                account: "111122223333", region: "us-east-1", keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", creationDate: Date(),
                description: "", keySpec: spec, keyUsage: usage, origin: .awsKMS, keyManager: .customer, state: .enabled,
                multiRegionType: nil, deletionDate: nil, pendingWindowInDays: nil, currentMaterialId: "", materialVersions: [], policy: "", tags: [], version: 1
            )
        }
        try GrantRules.checkOperations(["Encrypt", "Decrypt", "GenerateDataKey"], for: key(.symmetricDefault, .encryptDecrypt))
        #expect(throws: KMSError.self) { try GrantRules.checkOperations(["Sign"], for: key(.symmetricDefault, .encryptDecrypt)) }
        try GrantRules.checkOperations(["Sign", "GetPublicKey"], for: key(.eccNistP256, .signVerify))
        #expect(throws: KMSError.self) { try GrantRules.checkOperations(["GenerateDataKey"], for: key(.rsa2048, .encryptDecrypt)) }
        try GrantRules.checkOperations(["GenerateMac"], for: key(.hmac256, .generateVerifyMac))
        try GrantRules.checkOperations(["DeriveSharedSecret"], for: key(.eccNistP384, .keyAgreement))
        #expect(throws: KMSError.validation("Grants must not contain only the CreateGrant operation.")) {
            try GrantRules.checkOperations(["CreateGrant"], for: key(.symmetricDefault, .encryptDecrypt))
        }
        let asymmetric = try JSONParser.parse(Array(#"{"Constraints":{"EncryptionContextEquals":{"a":"b"}}}"#.utf8))
        guard case .object(let p) = asymmetric else { return }
        #expect(throws: KMSError.validation("EncryptionContext is supported only when creating a grant for a symmetric encryption KMS key.")) {
            _ = try GrantRules.constraints(p, for: key(.rsa2048, .encryptDecrypt))
        }
        #expect(try GrantRules.constraints(p, for: key(.symmetricDefault, .encryptDecrypt))?.equals == ["a": "b"])
    }
}
