import Testing
import TrentDomain

@Suite struct KeyReferenceTests {
    let id = "1234abcd-12ab-34cd-56ef-1234567890ab"

    @Test func fourForms() throws {
        #expect(try KeyReference.parse(id, accepting: .keyOrAlias) == .keyId(id))
        #expect(try KeyReference.parse("arn:aws:kms:us-west-2:111122223333:key/\(id)", accepting: .keyOrAlias)
            == .keyArn(region: "us-west-2", account: "111122223333", keyId: id))
        #expect(try KeyReference.parse("alias/ExampleAlias", accepting: .keyOrAlias) == .aliasName("alias/ExampleAlias"))
        #expect(try KeyReference.parse("arn:aws:kms:us-west-2:111122223333:alias/ExampleAlias", accepting: .keyOrAlias)
            == .aliasArn(region: "us-west-2", account: "111122223333", aliasName: "alias/ExampleAlias"))
    }

    @Test func multiRegionKeyIds() throws {
        #expect(try KeyReference.parse("mrk-1234abcd12ab34cd56ef1234567890ab", accepting: .keyOnly) == .keyId("mrk-1234abcd12ab34cd56ef1234567890ab"))
        #expect(throws: KMSError.self) { try KeyReference.parse("mrk-1234abcd12ab34cd56ef1234567890a", accepting: .keyOnly) }
    }

    @Test func keyOnlyOperationsRefuseAliases() {
        #expect(throws: KMSError.notFound("Invalid keyId 'alias/x'")) { try KeyReference.parse("alias/x", accepting: .keyOnly) }
        #expect(throws: KMSError.self) { try KeyReference.parse("arn:aws:kms:us-west-2:111122223333:alias/x", accepting: .keyOnly) }
    }

    @Test func malformedIdentifiers() {
        for bad in ["", "not-a-key", id.uppercased(), id + "0", "arn:aws:kms:us-west-2:1111:key/\(id)",
                    "arn:aws:s3:us-west-2:111122223333:key/\(id)", "arn:aws:kms:us-west-2:111122223333:key/nope",
                    "arn:aws:kms:uswest2:111122223333:key/\(id)", "arn:aws:kms:us-west-2:111122223333:alias/"] {
            #expect(throws: KMSError.self, "\(bad) accepted") { try KeyReference.parse(bad, accepting: .keyOrAlias) }
        }
        #expect(throws: KMSError.notFound("Invalid keyId 'nope'")) { try KeyReference.parse("nope", accepting: .keyOrAlias) }
    }

    @Test func arnSpelling() {
        #expect(KeyIdentifiers.keyArn(region: "us-east-1", account: "111122223333", keyId: id) == "arn:aws:kms:us-east-1:111122223333:key/\(id)")
        #expect(KeyIdentifiers.aliasArn(region: "cn-north-1", account: "111122223333", aliasName: "alias/a") == "arn:aws-cn:kms:cn-north-1:111122223333:alias/a")
        #expect(KeyIdentifiers.isValidRegion("us-gov-west-1"))
        #expect(!KeyIdentifiers.isValidRegion("us-east"))
    }
}
