import Foundation
import TrentJSON
import Testing
@testable import TrentAPI
import TrentDomain

@Suite struct SymmetricServiceTests {
    @Test func encryptDecryptWithContext() async throws {
        let h = try await ServiceHarness.make()
        defer { h.remove() }
        let id = try await h.createKey()
        let enc = try await h.call("Encrypt", #"{"KeyId":"\#(id)","Plaintext":"c2VjcmV0","EncryptionContext":{"b":"2","a":"1"}}"#)
        let blob = try #require(enc.string("CiphertextBlob"))
        // order of the context does not matter
        let dec = try await h.call("Decrypt", #"{"CiphertextBlob":"\#(blob)","EncryptionContext":{"a":"1","b":"2"}}"#)
        #expect(dec.blob("Plaintext") == Array("secret".utf8))
        #expect(dec.string("KeyId") == "arn:aws:kms:us-east-1:111122223333:key/\(id)")
        for bad in [#"{}"#, #"{"a":"1"}"#, #"{"a":"1","b":"2","c":"3"}"#, #"{"A":"1","b":"2"}"#, #"{"a":"1","b":"2 "}"#] {
            await #expect(throws: KMSError("InvalidCiphertextException", "")) {
                _ = try await h.call("Decrypt", #"{"CiphertextBlob":"\#(blob)","EncryptionContext":\#(bad)}"#)
            }
        }
    }

    @Test func everySingleByteTamperIsRejected() async throws {
        let h = try await ServiceHarness.make()
        defer { h.remove() }
        let id = try await h.createKey()
        let enc = try await h.call("Encrypt", #"{"KeyId":"\#(id)","Plaintext":"AAECAwQ="}"#)
        let blob = try #require(enc.blob("CiphertextBlob"))
        for index in blob.indices {
            var tampered = blob
            tampered[index] ^= 0x01
            await #expect(throws: KMSError.self, "byte \(index)") {
                _ = try await h.call("Decrypt", #"{"CiphertextBlob":"\#(ServiceHarness.b64(tampered))"}"#)
            }
        }
        for length in [1, 10, blob.count - 1] {
            await #expect(throws: KMSError("InvalidCiphertextException", "")) {
                _ = try await h.call("Decrypt", #"{"CiphertextBlob":"\#(ServiceHarness.b64(Array(blob.prefix(length))))"}"#)
            }
        }
    }

    @Test func blobFromAnotherKeyAndWrongKeyId() async throws {
        let h = try await ServiceHarness.make()
        defer { h.remove() }
        let a = try await h.createKey(), b = try await h.createKey()
        let enc = try await h.call("Encrypt", #"{"KeyId":"\#(a)","Plaintext":"AQ=="}"#)
        let blob = try #require(enc.string("CiphertextBlob"))
        await #expect(throws: KMSError("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.")) {
            _ = try await h.call("Decrypt", #"{"CiphertextBlob":"\#(blob)","KeyId":"\#(b)"}"#)
        }
        // Graft a's blob body onto b's id: the header is authenticated, so it fails.
        var bytes = try #require(enc.blob("CiphertextBlob"))
        let idRange = 2 ..< 2 + 36
        bytes.replaceSubrange(idRange, with: Array(b.utf8))
        await #expect(throws: KMSError("InvalidCiphertextException", "")) {
            _ = try await h.call("Decrypt", #"{"CiphertextBlob":"\#(ServiceHarness.b64(bytes))"}"#)
        }
        // another account cannot use the blob
        let other = ServiceHarness.adminContext(account: "444455556666", user: "x")
        await #expect(throws: KMSError.self) {
            _ = try await h.call("Decrypt", #"{"CiphertextBlob":"\#(blob)"}"#, context: other)
        }
    }

    @Test func reEncryptAndDataKeys() async throws {
        let h = try await ServiceHarness.make()
        defer { h.remove() }
        let a = try await h.createKey(), b = try await h.createKey()
        let dk = try await h.call("GenerateDataKey", #"{"KeyId":"\#(a)","NumberOfBytes":64,"EncryptionContext":{"k":"v"}}"#)
        let plaintext = try #require(dk.blob("Plaintext"))
        #expect(plaintext.count == 64)
        let re = try await h.call("ReEncrypt", #"{"CiphertextBlob":"\#(dk.string("CiphertextBlob")!)","SourceEncryptionContext":{"k":"v"},"DestinationKeyId":"\#(b)","DestinationEncryptionContext":{"x":"y"}}"#)
        #expect(re.string("SourceKeyId")?.hasSuffix(a) == true)
        #expect(re.string("KeyId")?.hasSuffix(b) == true)
        let dec = try await h.call("Decrypt", #"{"CiphertextBlob":"\#(re.string("CiphertextBlob")!)","EncryptionContext":{"x":"y"}}"#)
        #expect(dec.blob("Plaintext") == plaintext)
        let without = try await h.call("GenerateDataKeyWithoutPlaintext", #"{"KeyId":"\#(a)","KeySpec":"AES_128"}"#)
        #expect(without["Plaintext"] == nil)
        let dec128 = try await h.call("Decrypt", #"{"CiphertextBlob":"\#(without.string("CiphertextBlob")!)"}"#)
        #expect(dec128.blob("Plaintext")?.count == 16)
        await #expect(throws: KMSError.self) {
            _ = try await h.call("GenerateDataKey", #"{"KeyId":"\#(a)","NumberOfBytes":16,"KeySpec":"AES_256"}"#)
        }
    }

    @Test func stateChangesApplyToCrypto() async throws {
        let h = try await ServiceHarness.make()
        defer { h.remove() }
        let id = try await h.createKey()
        let arn = "arn:aws:kms:us-east-1:111122223333:key/\(id)"
        _ = try await h.call("DisableKey", #"{"KeyId":"\#(id)"}"#)
        await #expect(throws: KMSError("DisabledException", "\(arn) is disabled.")) {
            _ = try await h.call("Encrypt", #"{"KeyId":"\#(id)","Plaintext":"AQ=="}"#)
        }
        _ = try await h.call("ScheduleKeyDeletion", #"{"KeyId":"\#(id)","PendingWindowInDays":7}"#)
        await #expect(throws: KMSError("KMSInvalidStateException", "\(arn) is pending deletion.")) {
            _ = try await h.call("GenerateDataKey", #"{"KeyId":"\#(id)","KeySpec":"AES_256"}"#)
        }
        let cancelled = try await h.call("CancelKeyDeletion", #"{"KeyId":"\#(id)"}"#)
        #expect(cancelled.string("KeyId") == arn)
        let described = try await h.call("DescribeKey", #"{"KeyId":"\#(id)"}"#)
        guard case .object(let metadata)? = described["KeyMetadata"] else { Issue.record("no metadata"); return }
        #expect(metadata.string("KeyState") == "Disabled")
        #expect(metadata.bool("Enabled") == false)
    }

    @Test func dryRunChecksEverythingThenRefuses() async throws {
        let h = try await ServiceHarness.make()
        defer { h.remove() }
        let id = try await h.createKey()
        await #expect(throws: KMSError("DryRunOperationException", "The request would have succeeded, but the DryRun option is set.")) {
            _ = try await h.call("Encrypt", #"{"KeyId":"\#(id)","Plaintext":"AQ==","DryRun":true}"#)
        }
        _ = try await h.call("DisableKey", #"{"KeyId":"\#(id)"}"#)
        await #expect(throws: KMSError("DisabledException", "arn:aws:kms:us-east-1:111122223333:key/\(id) is disabled.")) {
            _ = try await h.call("Encrypt", #"{"KeyId":"\#(id)","Plaintext":"AQ==","DryRun":true}"#)
        }
    }

    @Test func dueDeletionRemovesKeyAndAliases() async throws {
        let h = try await ServiceHarness.make()
        defer { h.remove() }
        let id = try await h.createKey()
        _ = try await h.call("CreateAlias", #"{"AliasName":"alias/doomed","TargetKeyId":"\#(id)"}"#)
        _ = try await h.call("ScheduleKeyDeletion", #"{"KeyId":"\#(id)","PendingWindowInDays":1}"#)
        #expect(try await h.service.runDueDeletions() == 0)
        let later = try await KMSService.open(
            store: h.store, rootKey: .init(bytes: h.rootKeyBytes), identities: ServiceHarness.identities(.init(bytes: h.rootKeyBytes)),
            logger: .init(label: "t"), clock: OffsetClock(offset: 2 * 86_400)
        )
        #expect(try await later.runDueDeletions() == 1)
        let reopened = try await ServiceHarness.make(directory: h.directory, rootKeyBytes: h.rootKeyBytes)
        await #expect(throws: KMSError.notFound("Key 'arn:aws:kms:us-east-1:111122223333:key/\(id)' does not exist")) {
            _ = try await reopened.call("DescribeKey", #"{"KeyId":"\#(id)"}"#)
        }
        let aliases = try await reopened.call("ListAliases", "{}")
        #expect(aliases["Aliases"] == .array([]))
    }
}
