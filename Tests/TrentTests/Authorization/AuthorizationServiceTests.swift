import Foundation
import Logging
import Testing
@testable import TrentAPI
import TrentAuth
import TrentCrypto
import TrentDomain
import TrentJSON
import TrentPolicy
import TrentStorage

/// The decision on the service's request path, with identities from a configuration: the
/// same stage every operation goes through on a real server.
@Suite struct AuthorizationServiceTests {
    static let config = """
    accounts:
      - id: "111122223333"
        users:
          - name: admin
            accessKeys: [{id: AKIAADMINEXAMPLE0001, secret: "admin-secret-of-at-least-forty-characters-0"}]
            policies: [{name: all, document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}}]
          - name: alice
            accessKeys: [{id: AKIAALICEEXAMPLE0001, secret: "alice-secret-of-at-least-forty-characters-0"}]
          - name: carol
            accessKeys: [{id: AKIACAROLEXAMPLE0001, secret: "carol-secret-of-at-least-forty-characters-0"}]
            policies:
              - name: kms-but-no-decrypt
                document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "kms:*", Resource: "*"}, {Sid: NoDecrypt, Effect: Deny, Action: "kms:Decrypt", Resource: "*"}]}
      - id: "444455556666"
        users:
          - name: bob
            accessKeys: [{id: AKIABOBEXAMPLE000001, secret: "bob-secret-of-at-least-forty-characters-000"}]
            policies: [{name: use-keys, document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:PutKeyPolicy"], Resource: "*"}]}}]
          - name: dave
            accessKeys: [{id: AKIADAVEEXAMPLE00001, secret: "dave-secret-of-at-least-forty-characters-00"}]
    """

    struct Harness {
        let base: ServiceHarness
        let directory: IdentityDirectory

        static func make() async throws -> Harness {
            let directory = try IdentityDirectory.build(IdentityConfigFile.parse(config, environment: [:]))
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trent-authz-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let bytes = RootKey.generate()
            let rootKey = try RootKey(bytes: bytes)
            let store = try SQLiteStore(path: dir.appendingPathComponent("trent.sqlite").path)
            let registry = IdentityRegistry(directory, sessions: SessionTokens(rootKey: rootKey))
            let service = try await KMSService.open(store: store, rootKey: rootKey, identities: registry, logger: Logger(label: "test"))
            let base = ServiceHarness(directory: dir, rootKeyBytes: bytes, store: store, service: service, context: Self.context(directory, "AKIAADMINEXAMPLE0001"))
            return Harness(base: base, directory: directory)
        }

        static func context(_ directory: IdentityDirectory, _ accessKey: String) -> RequestContext {
            RequestContext(requestId: "t", caller: directory.credential(forAccessKeyId: accessKey)!, region: "us-east-1", sourceAddress: "127.0.0.1")
        }

        func as_(_ accessKey: String) -> RequestContext { Self.context(directory, accessKey) }

        func call(_ operation: String, _ json: String, as accessKey: String = "AKIAADMINEXAMPLE0001") async throws(KMSError) -> JSONObject {
            try await base.call(operation, json, context: as_(accessKey))
        }

        func denial(_ operation: String, _ json: String, as accessKey: String) async -> KMSError? {
            do {
                _ = try await call(operation, json, as: accessKey)
                return nil
            } catch {
                return error
            }
        }

        func createKey(_ extra: String = "") async throws -> (id: String, arn: String) {
            let created = try await call("CreateKey", "{\(extra)}")
            guard case .object(let metadata)? = created["KeyMetadata"] else { fatalError("no metadata") }
            return (metadata.string("KeyId")!, metadata.string("Arn")!)
        }
    }

    static let alice = "arn:aws:iam::111122223333:user/alice"
    static let plaintext = #""Plaintext":"aGVsbG8=""#

    @Test func defaultPolicyNeedsAnIdentityPolicy() async throws {
        let h = try await Harness.make()
        defer { h.base.remove() }
        let key = try await h.createKey()
        let error = await h.denial("Encrypt", #"{"KeyId":"\#(key.id)",\#(Self.plaintext)}"#, as: "AKIAALICEEXAMPLE0001")
        #expect(error == KMSError("AccessDeniedException", "User: \(Self.alice) is not authorized to perform: kms:Encrypt on resource: \(key.arn) because no identity-based policy allows the kms:Encrypt action"))
        // Account-wide operations are decided on identity policies alone.
        #expect(await h.denial("ListKeys", "{}", as: "AKIAALICEEXAMPLE0001")?.type == "AccessDeniedException")
        #expect(await h.denial("CreateKey", "{}", as: "AKIAALICEEXAMPLE0001")?.type == "AccessDeniedException")
        #expect(await h.denial("Encrypt", #"{"KeyId":"\#(key.id)",\#(Self.plaintext)}"#, as: "AKIAADMINEXAMPLE0001") == nil)
    }

    @Test func keyPolicyNamingTheUserAllowsWithoutIdentityPolicy() async throws {
        let h = try await Harness.make()
        defer { h.base.remove() }
        let policy = #"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Sid\":\"AliceEncrypts\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"},\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}]}"#
        let key = try await h.createKey(#""Policy":"\#(policy)""#)
        #expect(await h.denial("Encrypt", #"{"KeyId":"\#(key.id)",\#(Self.plaintext)}"#, as: "AKIAALICEEXAMPLE0001") == nil)
        let error = await h.denial("DescribeKey", #"{"KeyId":"\#(key.id)"}"#, as: "AKIAALICEEXAMPLE0001")
        #expect(error?.message.hasSuffix("because no identity-based policy allows the kms:DescribeKey action") == true)
    }

    @Test func explicitDenyInAnIdentityPolicyWins() async throws {
        let h = try await Harness.make()
        defer { h.base.remove() }
        let key = try await h.createKey()
        let sealed = try await h.call("Encrypt", #"{"KeyId":"\#(key.id)",\#(Self.plaintext)}"#, as: "AKIACAROLEXAMPLE0001")
        let blob = sealed.string("CiphertextBlob")!
        let error = await h.denial("Decrypt", #"{"CiphertextBlob":"\#(blob)"}"#, as: "AKIACAROLEXAMPLE0001")
        #expect(error == KMSError("AccessDeniedException", "User: arn:aws:iam::111122223333:user/carol is not authorized to perform: kms:Decrypt on resource: \(key.arn) with an explicit deny in an identity-based policy"))
    }

    @Test func grantsAllowTheirOperationsOnly() async throws {
        let h = try await Harness.make()
        defer { h.base.remove() }
        let key = try await h.createKey()
        let created = try await h.call("CreateGrant", #"{"KeyId":"\#(key.id)","GranteePrincipal":"\#(Self.alice)","Operations":["Encrypt","Decrypt"],"Constraints":{"EncryptionContextSubset":{"app":"billing"}}}"#)
        let grantId = try #require(created.string("GrantId"))
        let token = try #require(created.string("GrantToken"))
        #expect(try GrantToken.grantId(token) == grantId)
        let encrypt = #"{"KeyId":"\#(key.id)",\#(Self.plaintext),"EncryptionContext":{"app":"billing","x":"y"},"GrantTokens":["\#(token)"]}"#
        let sealed = try await h.call("Encrypt", encrypt, as: "AKIAALICEEXAMPLE0001")
        let blob = sealed.string("CiphertextBlob")!
        _ = try await h.call("Decrypt", #"{"CiphertextBlob":"\#(blob)","EncryptionContext":{"app":"billing","x":"y"}}"#, as: "AKIAALICEEXAMPLE0001")
        // The constraint is not met without the context; other operations are not granted.
        #expect(await h.denial("Encrypt", #"{"KeyId":"\#(key.id)",\#(Self.plaintext)}"#, as: "AKIAALICEEXAMPLE0001")?.type == "AccessDeniedException")
        #expect(await h.denial("DescribeKey", #"{"KeyId":"\#(key.id)"}"#, as: "AKIAALICEEXAMPLE0001")?.type == "AccessDeniedException")
        #expect(await h.denial("Encrypt", #"{"KeyId":"\#(key.id)",\#(Self.plaintext),"GrantTokens":["not-a-token"]}"#, as: "AKIAADMINEXAMPLE0001")?.type == "InvalidGrantTokenException")
        let listed = try await h.call("ListGrants", #"{"KeyId":"\#(key.id)"}"#)
        guard case .array(let grants)? = listed["Grants"], case .object(let entry)? = grants.first else {
            Issue.record("ListGrants returned no grant")
            return
        }
        #expect(entry.string("GrantId") == grantId && entry.string("GranteePrincipal") == Self.alice)
        #expect(entry.string("IssuingAccount") == "arn:aws:iam::111122223333:root" && entry.string("Name") == "")
        // Alice may not revoke; the admin may; afterwards the grant no longer works.
        #expect(await h.denial("RevokeGrant", #"{"KeyId":"\#(key.id)","GrantId":"\#(grantId)"}"#, as: "AKIAALICEEXAMPLE0001")?.type == "AccessDeniedException")
        _ = try await h.call("RevokeGrant", #"{"KeyId":"\#(key.id)","GrantId":"\#(grantId)"}"#)
        #expect(await h.denial("Encrypt", encrypt, as: "AKIAALICEEXAMPLE0001")?.type == "AccessDeniedException")
        #expect(await h.denial("RevokeGrant", #"{"KeyId":"\#(key.id)","GrantId":"\#(grantId)"}"#, as: "AKIAADMINEXAMPLE0001")?.type == "NotFoundException")
    }

    @Test func retiringFollowsTheGrantsRules() async throws {
        let h = try await Harness.make()
        defer { h.base.remove() }
        let key = try await h.createKey()
        let created = try await h.call("CreateGrant", #"{"KeyId":"\#(key.id)","GranteePrincipal":"\#(Self.alice)","Operations":["Encrypt"],"RetiringPrincipal":"arn:aws:iam::111122223333:user/carol"}"#)
        let grantId = created.string("GrantId")!, token = created.string("GrantToken")!
        #expect(await h.denial("RetireGrant", #"{"GrantToken":"\#(token)"}"#, as: "AKIAALICEEXAMPLE0001")?.type == "AccessDeniedException")
        #expect(await h.denial("RetireGrant", #"{"KeyId":"\#(key.arn)"}"#, as: "AKIACAROLEXAMPLE0001") == KMSError.validation("Grant token OR (grant ID, key ID) must be specified"))
        _ = try await h.call("RetireGrant", #"{"KeyId":"\#(key.arn)","GrantId":"\#(grantId)"}"#, as: "AKIACAROLEXAMPLE0001")
        #expect(await h.denial("RetireGrant", #"{"GrantToken":"\#(token)"}"#, as: "AKIACAROLEXAMPLE0001")?.type == "NotFoundException")
    }

    @Test func crossAccountNeedsBothSidesAndOnlyCrossAccountActions() async throws {
        let h = try await Harness.make()
        defer { h.base.remove() }
        let policy = #"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:DescribeKey\",\"kms:PutKeyPolicy\"],\"Resource\":\"*\"}]}"#
        let key = try await h.createKey(#""Policy":"\#(policy)""#)
        let sealed = try await h.call("Encrypt", #"{"KeyId":"\#(key.arn)",\#(Self.plaintext)}"#, as: "AKIABOBEXAMPLE000001")
        // Decrypt without KeyId finds the other account's key from the ciphertext.
        _ = try await h.call("Decrypt", #"{"CiphertextBlob":"\#(sealed.string("CiphertextBlob")!)"}"#, as: "AKIABOBEXAMPLE000001")
        let crossAccount = "because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access"
        let dave = await h.denial("Encrypt", #"{"KeyId":"\#(key.arn)",\#(Self.plaintext)}"#, as: "AKIADAVEEXAMPLE00001")
        #expect(dave == KMSError("AccessDeniedException", "User: arn:aws:iam::444455556666:user/dave is not authorized to perform: kms:Encrypt on this resource \(crossAccount)"))
        let daveDecrypt = await h.denial("Decrypt", #"{"CiphertextBlob":"\#(sealed.string("CiphertextBlob")!)"}"#, as: "AKIADAVEEXAMPLE00001")
        #expect(daveDecrypt?.message == "User: arn:aws:iam::444455556666:user/dave is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext \(crossAccount)")
        // PutKeyPolicy is never cross-account, whatever both policies say.
        #expect(await h.denial("PutKeyPolicy", #"{"KeyId":"\#(key.arn)","Policy":"\#(policy)"}"#, as: "AKIABOBEXAMPLE000001")?.message == "User: arn:aws:iam::444455556666:user/bob is not authorized to perform: kms:PutKeyPolicy on this resource \(crossAccount)")
        // A key that does not exist looks the same as one that refuses.
        let missing = "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000"
        #expect(await h.denial("Encrypt", #"{"KeyId":"\#(missing)",\#(Self.plaintext)}"#, as: "AKIABOBEXAMPLE000001") == KMSError("AccessDeniedException", "User: arn:aws:iam::444455556666:user/bob is not authorized to perform: kms:Encrypt on this resource \(crossAccount)"))
    }

    @Test func lockoutSafetyCheck() async throws {
        let h = try await Harness.make()
        defer { h.base.remove() }
        let key = try await h.createKey()
        let lockout = #"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"},\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}]}"#
        let refused = await h.denial("PutKeyPolicy", #"{"KeyId":"\#(key.id)","Policy":"\#(lockout)"}"#, as: "AKIAADMINEXAMPLE0001")
        #expect(refused == KMSError("MalformedPolicyDocumentException", "The new key policy will not allow you to update the key policy in the future."))
        _ = try await h.call("PutKeyPolicy", #"{"KeyId":"\#(key.id)","Policy":"\#(lockout)","BypassPolicyLockoutSafetyCheck":true}"#)
        // Now even the admin is locked out.
        #expect(await h.denial("DescribeKey", #"{"KeyId":"\#(key.id)"}"#, as: "AKIAADMINEXAMPLE0001")?.type == "AccessDeniedException")
        let unknown = #"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:user/ghost\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"#
        #expect(await h.denial("CreateKey", #"{"Policy":"\#(unknown)"}"#, as: "AKIAADMINEXAMPLE0001") == KMSError("MalformedPolicyDocumentException", "Policy contains a statement with one or more invalid principals."))
    }

    @Test func reEncryptNeedsBothActions() async throws {
        let h = try await Harness.make()
        defer { h.base.remove() }
        let from = try await h.createKey()
        let policy = #"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Sid\":\"NoReEncryptTo\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:ReEncryptTo\",\"Resource\":\"*\"}]}"#
        let to = try await h.createKey(#""Policy":"\#(policy)""#)
        let blob = try await h.call("Encrypt", #"{"KeyId":"\#(from.id)",\#(Self.plaintext)}"#).string("CiphertextBlob")!
        let error = await h.denial("ReEncrypt", #"{"CiphertextBlob":"\#(blob)","DestinationKeyId":"\#(to.id)"}"#, as: "AKIAADMINEXAMPLE0001")
        #expect(error == KMSError("AccessDeniedException", "User: arn:aws:iam::111122223333:user/admin is not authorized to perform: kms:ReEncryptTo on resource: \(to.arn) with an explicit deny in a resource-based policy"))
        _ = try await h.call("ReEncrypt", #"{"CiphertextBlob":"\#(blob)","DestinationKeyId":"\#(from.id)"}"#)
    }
}
