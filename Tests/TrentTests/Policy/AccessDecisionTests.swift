import Testing
import TrentJSON
@testable import TrentPolicy

/// The Developer Guide's scenarios (G:14491-14678) through AccessDecision, with AWS's texts.
@Suite struct AccessDecisionTests {
    typealias F = PolicyFixtures

    static let encryptIdentity = try! F.identityStatement()
    static let denyEncryptIdentity = try! F.identityStatement(effect: "Deny")
    static let allowAll = try! F.identityStatement(action: #""kms:*""#)

    static func decide(
        _ principal: Principal, action: String = "kms:Encrypt", resource: String = F.keyArn,
        resourceAccount: String? = F.account, key: CompiledPolicy?,
        identity: [(name: String, policy: CompiledPolicy)] = [], grant: String? = nil, crossAccount: Bool = true,
        context: PolicyTestContext = PolicyTestContext()
    ) -> AccessDecision.Outcome {
        AccessDecision.decide(AccessDecision.Inputs(
            principal: principal, action: action, resource: resource, resourceAccount: resourceAccount,
            keyPolicy: key, identityPolicies: identity, grant: grant, crossAccountAllowed: crossAccount, context: context
        ))
    }

    static func allowedBy(_ outcome: AccessDecision.Outcome) -> String? {
        if case .allowed(let by) = outcome { return by.description }
        return nil
    }

    static func denial(_ outcome: AccessDecision.Outcome) -> AccessDenial? {
        if case .denied(let denial) = outcome { return denial }
        return nil
    }

    static func a1(_ arn: String, _ action: String = "kms:Encrypt", _ resource: String = F.keyArn) -> String {
        "User: \(arn) is not authorized to perform: \(action) on resource: \(resource) because no resource-based policy allows the \(action) action"
    }

    static func a2(_ arn: String, _ action: String = "kms:Encrypt", _ resource: String = F.keyArn) -> String {
        "User: \(arn) is not authorized to perform: \(action) on resource: \(resource) because no identity-based policy allows the \(action) action"
    }

    static func a5(_ arn: String, _ action: String = "kms:Encrypt") -> String {
        "User: \(arn) is not authorized to perform: \(action) on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access"
    }

    @Test func defaultPolicyWithoutIAMPolicyDenies() throws {
        // G:14521: the default key policy alone gives Alice nothing (A2 wording).
        let key = try F.key(F.defaultKeyPolicy())
        let denial = try #require(Self.denial(Self.decide(F.alice, key: key)))
        #expect(denial.reason == .noIdentityPolicy)
        #expect(denial.decidedBy == nil)
        #expect(denial.kmsError == KMSError("AccessDeniedException",
            "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:Encrypt on resource: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab because no identity-based policy allows the kms:Encrypt action"))
    }

    @Test func defaultPolicyWithIAMPolicyAllows() throws {
        let key = try F.key(F.defaultKeyPolicy())
        let outcome = Self.decide(F.alice, key: key, identity: [("alice/inline-1", Self.encryptIdentity)])
        #expect(Self.allowedBy(outcome) == #"identity policy alice/inline-1#0, with key policy default#0 (Sid "Enable IAM User Permissions")"#)
        // The IAM policy does not cover Decrypt.
        let decrypt = Self.decide(F.alice, action: "kms:Decrypt", key: key, identity: [("alice/inline-1", Self.encryptIdentity)])
        #expect(Self.denial(decrypt)?.kmsError.message == Self.a2(F.alice.arn, "kms:Decrypt"))
    }

    @Test func rootUserNeedsOnlyTheKeyPolicy() throws {
        let key = try F.key(F.defaultKeyPolicy())
        #expect(Self.allowedBy(Self.decide(F.root, key: key)) == #"key policy default#0 (Sid "Enable IAM User Permissions")"#)
        // …but still needs it: a key policy without the account statement shuts out root too.
        let aliceOnly = try F.keyStatement()
        let denial = try #require(Self.denial(Self.decide(F.root, key: aliceOnly)))
        #expect(denial.reason == .noResourcePolicy)
        #expect(denial.kmsError.message == Self.a1("arn:aws:iam::111122223333:root"))
    }

    @Test func keyPolicyAloneAllowsSameAccountPrincipal() throws {
        let key = try F.keyStatement(principal: #"{"AWS":"arn:aws:iam::111122223333:role/ops/Admin"}"#)
        #expect(Self.allowedBy(Self.decide(F.session, key: key)) == "key policy default#0")
        let denial = try #require(Self.denial(Self.decide(F.alice, key: key, identity: [("alice/inline", Self.allowAll)])))
        // No delegation: an identity policy cannot help, and the wording says resource-based (A1).
        #expect(denial.reason == .noResourcePolicy)
        #expect(denial.kmsError.message == Self.a1(F.alice.arn))
    }

    @Test func explicitDenyInIdentityPolicy() throws {
        let key = try F.key(F.defaultKeyPolicy())
        let outcome = Self.decide(F.alice, key: key, identity: [("alice/allow", Self.allowAll), ("alice/deny", Self.denyEncryptIdentity)])
        let denial = try #require(Self.denial(outcome))
        #expect(denial.reason == .explicitDenyIdentity)
        #expect(denial.decidedBy == "identity policy alice/deny#0")
        #expect(denial.kmsError.message == "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:Encrypt on resource: \(F.keyArn) with an explicit deny in an identity-based policy")
        // An identity Deny counts even when the key policy allows the caller directly, and over grants.
        let direct = try F.keyStatement()
        #expect(Self.denial(Self.decide(F.alice, key: direct, identity: [("d", Self.denyEncryptIdentity)], grant: "g1"))?.reason == .explicitDenyIdentity)
    }

    @Test func explicitDenyInKeyPolicy() throws {
        let key = try F.key(#"""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
          {"Sid":"DenyAlice","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"kms:Encrypt","Resource":"*"}]}
        """#)
        let denial = try #require(Self.denial(Self.decide(F.alice, key: key, identity: [("a", Self.allowAll)], grant: "g1")))
        #expect(denial.reason == .explicitDenyResource)
        #expect(denial.decidedBy == #"key policy default#1 (Sid "DenyAlice")"#)
        #expect(denial.kmsError.message == "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:Encrypt on resource: \(F.keyArn) with an explicit deny in a resource-based policy")
        // Both sides deny: the identity-based wording wins (§3.1).
        let both = Self.decide(F.alice, key: key, identity: [("d", Self.denyEncryptIdentity)])
        #expect(Self.denial(both)?.reason == .explicitDenyIdentity)
    }

    @Test func grantAllowsWhenPoliciesDoNot() throws {
        let key = try F.keyStatement(principal: #"{"AWS":"arn:aws:iam::111122223333:user/bob"}"#)
        #expect(Self.allowedBy(Self.decide(F.alice, key: key, grant: "0c237476b39f8bc44e45212e08498fbe3151305030726c0590dd8d3e9f3d6a60"))
                == "grant 0c237476b39f8bc44e45212e08498fbe3151305030726c0590dd8d3e9f3d6a60")
    }

    @Test func crossAccountNeedsBothSides() throws {
        // Key in 111122223333 names account 444455556666; carol is in 444455556666.
        let key = try F.key(#"""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
          {"Sid":"External","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":["kms:Encrypt","kms:DescribeKey"],"Resource":"*"}]}
        """#)
        let carolPolicy = try F.identityStatement(action: #"["kms:Encrypt","kms:Decrypt"]"#, resource: #""arn:aws:kms:*:111122223333:key/*""#)
        #expect(Self.allowedBy(Self.decide(F.carol, key: key, identity: [("carol/kms", carolPolicy)]))
                == #"identity policy carol/kms#0, with key policy default#1 (Sid "External")"#)
        // The other account's root passes the identity side by itself.
        #expect(Self.allowedBy(Self.decide(F.otherRoot, key: key)) == #"key policy default#1 (Sid "External")"#)
        // Key policy only: A5.
        let keyOnly = try #require(Self.denial(Self.decide(F.carol, key: key)))
        #expect(keyOnly.reason == .crossAccount)
        #expect(keyOnly.kmsError.message == Self.a5(F.carol.arn))
        // IAM only (Decrypt is not in the key policy): A5 too.
        #expect(Self.denial(Self.decide(F.carol, action: "kms:Decrypt", key: key, identity: [("carol/kms", carolPolicy)]))?.kmsError.message
                == Self.a5(F.carol.arn, "kms:Decrypt"))
        // Naming carol herself in the key policy is still not enough without IAM (G:13914).
        let named = try F.keyStatement(principal: #"{"AWS":"arn:aws:iam::444455556666:user/carol"}"#)
        #expect(Self.denial(Self.decide(F.carol, key: named))?.reason == .crossAccount)
        #expect(Self.allowedBy(Self.decide(F.carol, key: named, identity: [("carol/kms", carolPolicy)])) != nil)
        // A grant replaces the IAM side.
        #expect(Self.allowedBy(Self.decide(F.carol, key: key, grant: "g2")) == "grant g2")
    }

    @Test func crossAccountRefusalsAllSayA5() throws {
        let open = try F.keyStatement(principal: #""*""#, action: #""kms:*""#)
        // Not a cross-account operation: nothing helps, not even a grant.
        let schedule = try #require(Self.denial(Self.decide(F.carol, action: "kms:ScheduleKeyDeletion", key: open,
                                                            identity: [("c", Self.allowAll)], grant: "g", crossAccount: false)))
        #expect(schedule.reason == .crossAccount)
        #expect(schedule.kmsError.message == Self.a5(F.carol.arn, "kms:ScheduleKeyDeletion"))
        // Explicit denies on either side read the same.
        #expect(Self.denial(Self.decide(F.carol, key: open, identity: [("d", Self.denyEncryptIdentity)]))?.kmsError.message == Self.a5(F.carol.arn))
        let denyKey = try F.keyStatement(effect: "Deny", principal: #""*""#)
        let denied = try #require(Self.denial(Self.decide(F.carol, key: denyKey, identity: [("c", Self.allowAll)])))
        #expect(denied.reason == .crossAccount)
        #expect(denied.decidedBy == "key policy default#0")
    }

    @Test func iamOnlyOperations() throws {
        let createKey = try F.identityStatement(action: #""kms:CreateKey""#)
        #expect(Self.allowedBy(Self.decide(F.alice, action: "kms:CreateKey", resource: "*", resourceAccount: nil, key: nil,
                                           identity: [("alice/admin", createKey)])) == "identity policy alice/admin#0")
        #expect(Self.allowedBy(Self.decide(F.root, action: "kms:CreateKey", resource: "*", resourceAccount: nil, key: nil)) == "account root")
        let denial = try #require(Self.denial(Self.decide(F.bob, action: "kms:CreateKey", resource: "*", resourceAccount: nil, key: nil)))
        #expect(denial.reason == .noIdentityPolicy)
        #expect(denial.kmsError.message == "User: arn:aws:iam::111122223333:user/eng/bob is not authorized to perform: kms:CreateKey on resource: * because no identity-based policy allows the kms:CreateKey action")
        // An alias resource, same account.
        let alias = "arn:aws:kms:us-east-1:111122223333:alias/app"
        let aliasPolicy = try F.identityStatement(action: #""kms:CreateAlias""#, resource: #""arn:aws:kms:us-east-1:111122223333:alias/app*""#)
        #expect(Self.allowedBy(Self.decide(F.alice, action: "kms:CreateAlias", resource: alias, key: nil, identity: [("a", aliasPolicy)])) != nil)
        #expect(Self.denial(Self.decide(F.alice, action: "kms:CreateAlias", resource: alias, key: nil, identity: [("a", createKey)]))?.kmsError.message
                == Self.a2(F.alice.arn, "kms:CreateAlias", alias))
    }

    @Test func sessionsAndConditionsThroughTheDecision() throws {
        // The AWS-managed-key pattern (G:11663): Principal * limited by kms:CallerAccount.
        let key = try F.keyStatement(principal: #"{"AWS":"*"}"#, action: #"["kms:Encrypt","kms:Decrypt"]"#,
                                     extra: #","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"ec2.us-east-1.amazonaws.com"}}"#)
        let via = PolicyTestContext(["kms:CallerAccount": .single("111122223333"), "kms:ViaService": .single("ec2.us-east-1.amazonaws.com")])
        #expect(Self.allowedBy(Self.decide(F.session, key: key, context: via)) == "key policy default#0")
        let direct = try #require(Self.denial(Self.decide(F.session, key: key, context: PolicyTestContext(["kms:CallerAccount": .single("111122223333")]))))
        #expect(direct.kmsError.message == Self.a1(F.session.arn))
        #expect(direct.kmsError.message.hasPrefix("User: arn:aws:sts::111122223333:assumed-role/Admin/work is not authorized"))
    }

    @Test func reEncryptActionsAreNamedInTheMessage() throws {
        let key = try F.key(F.defaultKeyPolicy())
        let denial = try #require(Self.denial(Self.decide(F.alice, action: "kms:ReEncryptFrom", key: key)))
        #expect(denial.kmsError.message == Self.a2(F.alice.arn, "kms:ReEncryptFrom"))
    }

    @Test func trustPolicyDecision() throws {
        let trust = try CompiledPolicy.compile(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}"#, kind: .trust)
        let role = "arn:aws:iam::111122223333:role/ops/Admin"
        let assume = try F.identityStatement(action: #""sts:AssumeRole""#)
        #expect(Self.allowedBy(Self.decide(F.alice, action: "sts:AssumeRole", resource: role, key: trust, identity: [("alice/sts", assume)]))
                == "identity policy alice/sts#0, with trust policy AssumeRolePolicyDocument#0")
        #expect(Self.denial(Self.decide(F.alice, action: "sts:AssumeRole", resource: role, key: trust))?.reason == .noIdentityPolicy)
    }
}
