import Testing
import TrentDomain
@testable import TrentAPI

@Suite("Request validation")
struct WireValidatorTests {
    /// The error `validate` throws for `json`, or nil when it accepts it.
    private func failure(_ operation: String, _ json: String) throws -> KMSError? {
        let body = try JSONParser.parse(Array(json.utf8))
        do {
            try RequestValidator.validate(operation: operation, body: body)
            return nil
        } catch {
            return error
        }
    }

    private func validation(_ message: String) -> KMSError { KMSError("ValidationException", message) }
    private func serialization(_ message: String) -> KMSError { KMSError("SerializationException", message) }

    private static let plaintext4096 = Base64.encode([UInt8](repeating: 7, count: 4096))
    private static let plaintext4097 = Base64.encode([UInt8](repeating: 7, count: 4097))

    // MARK: Accepted requests

    @Test func acceptsAValidEncrypt() throws {
        let json = #"{"KeyId":"alias/app","Plaintext":"\#(Self.plaintext4096)","EncryptionContext":{"a":"b"},"GrantTokens":["t"],"EncryptionAlgorithm":"SYMMETRIC_DEFAULT","DryRun":false}"#
        #expect(try failure("Encrypt", json) == nil)
    }

    @Test func ignoresUnknownMembersWhateverTheirType() throws {
        #expect(try failure("Encrypt", #"{"KeyId":"k","Plaintext":"AA==","Bogus":{"x":[1,true]},"keyid":5}"#) == nil)
    }

    @Test func acceptsOperationsWithoutRequiredMembers() throws {
        #expect(try failure("ListKeys", "{}") == nil)
        #expect(try failure("CreateKey", #"{"KeySpec":"ECC_NIST_P256","KeyUsage":"SIGN_VERIFY","Tags":[]}"#) == nil)
    }

    @Test func usesTheLastDuplicateForConstraints() throws {
        #expect(try failure("DescribeKey", #"{"KeyId":"","KeyId":"k"}"#) == nil)
        #expect(try failure("DescribeKey", #"{"KeyId":"k","KeyId":""}"#) == validation(
            "1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1"))
    }

    // MARK: Confirmed AWS texts

    @Test func plaintextIsHiddenBecauseItIsSensitive() throws {
        #expect(try failure("Encrypt", #"{"KeyId":"k","Plaintext":"\#(Self.plaintext4097)"}"#) == validation(
            "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096"))
        #expect(try failure("Encrypt", #"{"KeyId":"k","Plaintext":""}"#) == validation(
            "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1"))
    }

    @Test func missingRequiredMember() throws {
        #expect(try failure("Encrypt", #"{"Plaintext":"AA=="}"#) == validation(
            "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null"))
        #expect(try failure("Encrypt", #"{"KeyId":null,"Plaintext":"AA=="}"#) == validation(
            "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null"))
    }

    @Test func severalErrorsAreCountedAndJoined() throws {
        #expect(try failure("Encrypt", "{}") == validation(
            "2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; "
            + "Value null at 'plaintext' failed to satisfy constraint: Member must not be null"))
        let longKey = String(repeating: "k", count: 2049)
        #expect(try failure("GenerateDataKey", #"{"KeyId":"\#(longKey)","NumberOfBytes":0,"KeySpec":"AES_512"}"#) == validation(
            "3 validation errors detected: "
            + "Value '\(longKey)' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048; "
            + "Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1; "
            + "Value 'AES_512' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]"))
    }

    @Test func numberOfBytesRange() throws {
        #expect(try failure("GenerateDataKey", #"{"KeyId":"k","NumberOfBytes":0}"#) == validation(
            "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1"))
        #expect(try failure("GenerateDataKey", #"{"KeyId":"k","NumberOfBytes":1025}"#) == validation(
            "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"))
        #expect(try failure("GenerateRandom", #"{"NumberOfBytes":1024}"#) == nil)
    }

    @Test func listKeysLimit() throws {
        #expect(try failure("ListKeys", #"{"Limit":0}"#) == validation(
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"))
        #expect(try failure("ListKeys", #"{"Limit":1000}"#) == nil)
    }

    @Test func integersAreNarrowedLikeJava() throws {
        // The fraction is dropped...
        #expect(try failure("ListKeys", #"{"Limit":1.9}"#) == nil)
        #expect(try failure("ListKeys", #"{"Limit":0.5}"#) == validation(
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"))
        // ...and only the low 32 bits survive: 2^32 + 1 is 1.
        #expect(try failure("ListKeys", #"{"Limit":4294967297}"#) == nil)
        #expect(try failure("ListKeys", #"{"Limit":-1e2}"#) == validation(
            "1 validation error detected: Value '-100' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"))
    }

    @Test func enumsAreListedInModelOrder() throws {
        #expect(try failure("CreateKey", #"{"KeySpec":"HMAC_random"}"#) == validation(
            "1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: "
            + "[RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, SYMMETRIC_DEFAULT, "
            + "HMAC_224, HMAC_256, HMAC_384, HMAC_512, SM2, ML_DSA_44, ML_DSA_65, ML_DSA_87, ECC_NIST_EDWARDS25519]"))
        #expect(try failure("GenerateMac", #"{"KeyId":"k","Message":"AA==","MacAlgorithm":"INVALID"}"#) == validation(
            "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: "
            + "[HMAC_SHA_224, HMAC_SHA_256, HMAC_SHA_384, HMAC_SHA_512]"))
        // Enum values are case-sensitive.
        #expect(try failure("CreateKey", #"{"KeySpec":"symmetric_default"}"#) != nil)
    }

    @Test func createAliasPattern() throws {
        #expect(try failure("CreateAlias", #"{"AliasName":"alias/my$alias","TargetKeyId":"k"}"#) == validation(
            "1 validation error detected: Value 'alias/my$alias' at 'aliasName' failed to satisfy constraint: "
            + "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$"))
        #expect(try failure("CreateAlias", #"{"AliasName":"alias/ok_name-1:2","TargetKeyId":"k"}"#) == nil)
    }

    @Test func patternIsReportedBeforeLength() throws {
        #expect(try failure("DeleteAlias", #"{"AliasName":""}"#) == validation(
            "2 validation errors detected: Value '' at 'aliasName' failed to satisfy constraint: "
            + "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$; "
            + "Value '' at 'aliasName' failed to satisfy constraint: Member must have length greater than or equal to 1"))
    }

    @Test func tagKeysInsideTheTagList() throws {
        let longKey = String(repeating: "a", count: 129)
        #expect(try failure("TagResource", #"{"KeyId":"k","Tags":[{"TagKey":"ok","TagValue":""},{"TagKey":"\#(longKey)","TagValue":"v"}]}"#) == validation(
            "1 validation error detected: Value '\(longKey)' at 'tags.2.member.tagKey' failed to satisfy constraint: "
            + "Member must have length less than or equal to 128"))
        #expect(try failure("TagResource", #"{"KeyId":"k","Tags":[{"TagKey":"a"}]}"#) == validation(
            "1 validation error detected: Value null at 'tags.1.member.tagValue' failed to satisfy constraint: Member must not be null"))
    }

    @Test func grantTokensListLength() throws {
        let tokens = (1...11).map { "t\($0)" }
        let json = #"{"KeyId":"k","GrantTokens":[\#(tokens.map { "\"\($0)\"" }.joined(separator: ","))]}"#
        #expect(try failure("DescribeKey", json) == validation(
            "1 validation error detected: Value '[\(tokens.joined(separator: ", "))]' at 'grantTokens' failed to satisfy constraint: "
            + "Member must have length less than or equal to 10"))
    }

    @Test func scalarListElementsFailOnceAtTheList() throws {
        #expect(try failure("DescribeKey", #"{"KeyId":"k","GrantTokens":["a",""]}"#) == validation(
            "1 validation error detected: Value '[a, ]' at 'grantTokens' failed to satisfy constraint: Member must satisfy constraint: "
            + "[Member must have length less than or equal to 8192, Member must have length greater than or equal to 1, Member must not be null]"))
        #expect(try failure("CreateGrant", #"{"KeyId":"k","GranteePrincipal":"p","Operations":["Encrypt","Bogus"]}"#) == validation(
            "1 validation error detected: Value '[Encrypt, Bogus]' at 'operations' failed to satisfy constraint: Member must satisfy constraint: "
            + "[Member must satisfy enum value set: [Decrypt, Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, ReEncryptFrom, "
            + "ReEncryptTo, Sign, Verify, GetPublicKey, CreateGrant, RetireGrant, DescribeKey, GenerateDataKeyPair, "
            + "GenerateDataKeyPairWithoutPlaintext, GenerateMac, VerifyMac, DeriveSharedSecret], Member must not be null]"))
    }

    @Test func nonSensitiveBlobsShowTheirSize() throws {
        #expect(try failure("Decrypt", #"{"CiphertextBlob":""}"#) == validation(
            "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at 'ciphertextBlob' failed to satisfy constraint: "
            + "Member must have length greater than or equal to 1"))
    }

    @Test func sensitiveStringsAreHiddenToo() throws {
        #expect(try failure("UpdateCustomKeyStore", #"{"CustomKeyStoreId":"cks-1","KeyStorePassword":"abc"}"#) == validation(
            "1 validation error detected: Value at 'keyStorePassword' failed to satisfy constraint: Member must have length greater than or equal to 7"))
    }

    @Test func errorsAreCappedAtTen() throws {
        let badTag = #"{"TagKey":"\#(String(repeating: "x", count: 129))","TagValue":"v"}"#
        let json = #"{"KeyId":"k","Tags":[\#(Array(repeating: badTag, count: 12).joined(separator: ","))]}"#
        let error = try #require(try failure("TagResource", json))
        #expect(error.type == "ValidationException")
        #expect(error.message.hasPrefix("10 validation errors detected: "))
        #expect(error.message.split(separator: "; ").count == 10)
        #expect(error.message.contains("tags.10.member.tagKey"))
        #expect(!error.message.contains("tags.11.member.tagKey"))
    }

    // MARK: Patterns that need the VM

    @Test(arguments: [
        ("us-east-1", true), ("ap-southeast-2", true), ("us-gov-west-1", true), ("us-east", false),
        ("a-b-c-d-1", false), ("US-east-1", false), ("us--1", false),
    ])
    func regionPattern(region: String, valid: Bool) throws {
        let result = try failure("ReplicateKey", #"{"KeyId":"k","ReplicaRegion":"\#(region)"}"#)
        #expect((result == nil) == valid, "\(region)")
    }

    @Test(arguments: [
        ("/kms/xks/v1", true), ("/prefix/kms/xks/v12", true), ("/a/b/kms/xks/v2", true),
        ("/kms/xks/v123", false), ("/kms/xks/vx", false), ("//kms/xks/v1", false), ("/kms/xks/v1/", false),
    ])
    func xksProxyPathPattern(path: String, valid: Bool) throws {
        let result = try failure("UpdateCustomKeyStore", #"{"CustomKeyStoreId":"c","XksProxyUriPath":"\#(path)"}"#)
        let patternFailed = result?.message.contains("regular expression pattern") ?? false
        #expect(patternFailed == !valid, "\(path)")
    }

    @Test func classRunsMatchWholeStringsOnly() {
        let pattern = KMSModel.patterns.firstIndex { $0.source == "[0-9]{12}" }!
        #expect(PatternMatcher.matches("123456789012", pattern: pattern))
        #expect(!PatternMatcher.matches("1234567890123", pattern: pattern))
        #expect(!PatternMatcher.matches("12345678901", pattern: pattern))
        let word = KMSModel.patterns.firstIndex { $0.source == "[\\w]+" }!
        #expect(PatternMatcher.matches("default_Policy9", pattern: word))
        #expect(!PatternMatcher.matches("café", pattern: word))   // Java's \w is ASCII-only
        let policy = KMSModel.patterns.firstIndex { $0.source.hasPrefix("[\\u0009") }!
        #expect(PatternMatcher.matches("{\"a\":\t\"ÿ\"}\r\n", pattern: policy))
        #expect(!PatternMatcher.matches("{\"a\":\"Ā\"}", pattern: policy))
    }

    @Test func hostileInputStaysLinear() throws {
        // A long near-miss for a nested-quantifier pattern must not backtrack.
        let region = String(repeating: "ab-", count: 20_000) + "x"
        let body = try JSONParser.parse(Array(#"{"KeyId":"k","ReplicaRegion":"\#(region)"}"#.utf8))
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(throws: KMSError.self) { try RequestValidator.validate(operation: "ReplicateKey", body: body) }
        }
        #expect(elapsed < .seconds(2))
    }

    // MARK: Serialization errors

    @Test(arguments: [
        (#"{"KeyId":123,"Plaintext":"AA=="}"#, "NUMBER_VALUE cannot be converted to String"),
        (#"{"KeyId":1.5,"Plaintext":"AA=="}"#, "DECIMAL_VALUE cannot be converted to String"),
        (#"{"KeyId":true,"Plaintext":"AA=="}"#, "TRUE_VALUE cannot be converted to String"),
        (#"{"KeyId":false,"Plaintext":"AA=="}"#, "FALSE_VALUE cannot be converted to String"),
        (#"{"KeyId":[],"Plaintext":"AA=="}"#, "Unrecognized collection type class java.lang.String"),
        (#"{"KeyId":{},"Plaintext":"AA=="}"#, "Start of structure or map found where not expected"),
        (#"{"KeyId":"k","Plaintext":"abc"}"#, "Base64 encoded length is expected a multiple of 4 bytes but found: 3"),
        (#"{"KeyId":"k","Plaintext":"+/+="}"#, "Invalid last non-pad Base64 character dectected"),
        (#"{"KeyId":"k","Plaintext":"ab!="}"#, "Invalid Base64 character: '!'"),
        (#"{"KeyId":"k","Plaintext":5}"#, "only base-64-encoded strings are convertible to bytes"),
        (#"{"KeyId":"k","Plaintext":["AA=="]}"#, "Unrecognized collection type class java.nio.ByteBuffer"),
        (#"{"KeyId":"k","Plaintext":"AA==","GrantTokens":"t"}"#, "Unexpected field type"),
        (#"{"KeyId":"k","Plaintext":"AA==","GrantTokens":{}}"#, "Start of structure or map found where not expected"),
        (#"{"KeyId":"k","Plaintext":"AA==","GrantTokens":[7]}"#, "NUMBER_VALUE cannot be converted to String"),
        (#"{"KeyId":"k","Plaintext":"AA==","EncryptionContext":[]}"#,
         "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>"),
        (#"{"KeyId":"k","Plaintext":"AA==","EncryptionContext":"a=b"}"#, "Unexpected field type"),
        (#"{"KeyId":"k","Plaintext":"AA==","EncryptionContext":{"a":1}}"#, "NUMBER_VALUE cannot be converted to String"),
        (#"{"KeyId":"k","Plaintext":"AA==","DryRun":"true"}"#, "Unexpected token received from parser"),
        (#"{"KeyId":"k","Plaintext":"AA==","DryRun":1}"#, "NUMBER_VALUE cannot be converted to Boolean"),
        (#"{"KeyId":"k","Plaintext":"AA==","DryRun":[]}"#, "Unrecognized collection type class java.lang.Boolean"),
    ])
    func wrongJSONTypeIsASerializationError(json: String, message: String) throws {
        #expect(try failure("Encrypt", json) == serialization(message))
    }

    @Test func integerAndStructureTypeErrors() throws {
        #expect(try failure("ListKeys", #"{"Limit":"5"}"#) == serialization("STRING_VALUE cannot be converted to Integer"))
        #expect(try failure("ListKeys", #"{"Limit":true}"#) == serialization("TRUE_VALUE cannot be converted to Integer"))
        #expect(try failure("ListKeys", #"{"Limit":[1]}"#) == serialization("Unrecognized collection type class java.lang.Integer"))
        #expect(try failure("TagResource", #"{"KeyId":"k","Tags":[1]}"#) == serialization("Unexpected field type"))
        #expect(try failure("TagResource", #"{"KeyId":"k","Tags":[[]]}"#) == serialization(
            "Unrecognized collection type class com.amazonaws.kms.Tag"))
    }

    @Test func deserializationComesBeforeValidation() throws {
        // Plaintext is missing too, but the type error wins.
        #expect(try failure("Encrypt", #"{"KeyId":5}"#) == serialization("NUMBER_VALUE cannot be converted to String"))
        // Every duplicate is deserialized, so a bad first one fails even though the last is fine.
        #expect(try failure("DescribeKey", #"{"KeyId":5,"KeyId":"k"}"#) == serialization("NUMBER_VALUE cannot be converted to String"))
    }

    @Test func bodyMustBeAnObject() throws {
        #expect(try failure("ListKeys", "[]") == KMSError("SerializationException", ""))
        #expect(try failure("ListKeys", "null") == KMSError("SerializationException", ""))
    }

    @Test func unknownOperation() throws {
        #expect(try failure("DoSomething", "{}") == KMSError("UnknownOperationException", ""))
        #expect(RequestValidator.knows(operation: "Encrypt"))
        #expect(!RequestValidator.knows(operation: "encrypt"))
    }

    @Test func everyModelOperationIsKnown() {
        #expect(KMSModel.operations.count == 54)
        for operation in KMSModel.operations {
            #expect(RequestValidator.knows(operation: operation.name))
        }
    }
}
