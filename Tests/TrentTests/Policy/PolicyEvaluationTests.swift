import Testing
import TrentJSON
@testable import TrentPolicy

@Suite struct PolicyEvaluationTests {
    typealias F = PolicyFixtures

    static func ref(_ index: Int = 0, sid: String? = nil, _ name: String = "default") -> StatementRef {
        StatementRef(policyName: name, sid: sid, index: index)
    }

    @Test func defaultKeyPolicyDelegatesToTheAccount() throws {
        let policy = try F.key(F.defaultKeyPolicy())
        let delegation = Self.ref(sid: "Enable IAM User Permissions")
        #expect(policy.evaluate(F.request(F.alice)) == PolicyEvaluation(accountAllow: delegation))
        #expect(policy.evaluate(F.request(F.session)) == PolicyEvaluation(accountAllow: delegation))
        // The root user is the account itself.
        #expect(policy.evaluate(F.request(F.root)) == PolicyEvaluation(directAllow: delegation))
        // Another account's principals are not named.
        #expect(policy.evaluate(F.request(F.carol)) == PolicyEvaluation())
        #expect(policy.evaluate(F.request(F.otherRoot)) == PolicyEvaluation())
    }

    @Test func bareAccountIdIsTheAccountPrincipal() throws {
        let policy = try F.keyStatement(principal: #"{"AWS":["444455556666"]}"#)
        #expect(policy.evaluate(F.request(F.carol)).accountAllow == Self.ref())
        #expect(policy.evaluate(F.request(F.otherRoot)).directAllow == Self.ref())
        #expect(policy.evaluate(F.request(F.alice)) == PolicyEvaluation())
    }

    @Test func principalForms() throws {
        let cases: [(principal: String, caller: Principal, direct: Bool)] = [
            (#""*""#, F.alice, true),
            (#"{"AWS":"*"}"#, F.carol, true),
            (#"{"AWS":"arn:aws:iam::111122223333:user/alice"}"#, F.alice, true),
            (#"{"AWS":"arn:aws:iam::111122223333:user/alice"}"#, F.bob, false),
            (#"{"AWS":"arn:aws:iam::111122223333:user/bob"}"#, F.bob, false),  // bob has path /eng/
            (#"{"AWS":"arn:aws:iam::111122223333:user/eng/bob"}"#, F.bob, true),
            (#"{"AWS":"arn:aws:iam::111122223333:role/ops/Admin"}"#, F.session, true),  // a role covers its sessions
            (#"{"AWS":"arn:aws:iam::111122223333:role/Admin"}"#, F.session, false),
            (#"{"AWS":"arn:aws:sts::111122223333:assumed-role/Admin/work"}"#, F.session, true),
            (#"{"AWS":"arn:aws:sts::111122223333:assumed-role/Admin/other"}"#, F.session, false),
            (#"{"Service":"kms.amazonaws.com"}"#, F.alice, false),
            (#"{"Service":"kms.amazonaws.com"}"#, F.root, false),
            (#"{"Federated":"cognito-identity.amazonaws.com"}"#, F.alice, false),
        ]
        for item in cases {
            let evaluation = try F.keyStatement(principal: item.principal).evaluate(F.request(item.caller))
            #expect(evaluation.directAllow == (item.direct ? Self.ref() : nil), "\(item.principal) for \(item.caller.arn)")
            #expect(evaluation.accountAllow == nil)
        }
    }

    @Test func explicitDenyComesFirstAndWins() throws {
        let policy = try F.key(#"""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"Everyone","Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"},
          {"Sid":"NoDecrypt","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"kms:Decrypt","Resource":"*"}]}
        """#)
        #expect(policy.evaluate(F.request(F.alice, "kms:Decrypt")).explicitDeny == Self.ref(1, sid: "NoDecrypt"))
        #expect(policy.evaluate(F.request(F.alice, "kms:Encrypt")) == PolicyEvaluation(directAllow: Self.ref(sid: "Everyone")))
        #expect(policy.evaluate(F.request(F.bob, "kms:Decrypt")) == PolicyEvaluation(directAllow: Self.ref(sid: "Everyone")))
    }

    @Test func actionWildcardsAndCase() throws {
        let cases: [(pattern: String, action: String, matches: Bool)] = [
            ("kms:*", "kms:Encrypt", true),
            ("*", "kms:Encrypt", true),
            ("kms:*", "sts:AssumeRole", false),
            ("kms:Describe*", "kms:DescribeKey", true),
            ("kms:Describe*", "kms:DescribeCustomKeyStores", true),
            ("kms:Describe*", "kms:Decrypt", false),
            ("kms:GenerateDataKey*", "kms:GenerateDataKey", true),
            ("kms:GenerateDataKey*", "kms:GenerateDataKeyPairWithoutPlaintext", true),
            ("kms:GenerateDataKey*", "kms:GenerateRandom", false),
            ("kms:ReEncrypt*", "kms:ReEncryptFrom", true),
            ("kms:ReEncrypt*", "kms:ReEncryptTo", true),
            ("kms:Delete*", "kms:ScheduleKeyDeletion", false),
            ("kms:encrypt", "kms:Encrypt", true),
            ("KMS:ENCRYPT", "kms:Encrypt", true),
            ("kms:Encrypt", "KMS:encrypt", true),
            ("kms:Encrypt", "kms:EncryptX", false),
            ("kms:?ncrypt", "kms:Encrypt", true),
            ("kms:?ncrypt", "kms:Decrypt", false),
            ("kms:*Key*", "kms:CreateKey", true),
            ("kms:*Key*", "kms:Sign", false),
            ("kms:Get*Policy", "kms:GetKeyPolicy", true),
            ("kms:Get*Policy", "kms:GetKeyPolicies", false),
        ]
        for item in cases {
            let policy = try F.keyStatement(principal: #""*""#, action: "\"\(item.pattern)\"")
            #expect((policy.evaluate(F.request(F.alice, item.action)).directAllow != nil) == item.matches,
                    "\(item.pattern) vs \(item.action)")
        }
    }

    @Test func actionLists() throws {
        let policy = try F.keyStatement(principal: #""*""#, action: #"["kms:Encrypt","kms:Decrypt"]"#)
        #expect(policy.evaluate(F.request(F.alice, "kms:Decrypt")).directAllow != nil)
        #expect(policy.evaluate(F.request(F.alice, "kms:Sign")).directAllow == nil)
    }

    @Test func notAction() throws {
        let policy = try F.key(#"{"Statement":[{"Effect":"Deny","Principal":"*","NotAction":["kms:Describe*","kms:List*"],"Resource":"*"}]}"#)
        #expect(policy.evaluate(F.request(F.alice, "kms:Encrypt")).explicitDeny != nil)
        #expect(policy.evaluate(F.request(F.alice, "kms:DescribeKey")).explicitDeny == nil)
        #expect(policy.evaluate(F.request(F.alice, "kms:ListGrants")).explicitDeny == nil)
    }

    @Test func notPrincipalFollowsIAM() throws {
        // Exempting a user takes its ARN and its account; a session needs its ARN, its role and its account.
        let policy = try F.key(#"""
        {"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:user/alice","111122223333",
          "arn:aws:sts::111122223333:assumed-role/Admin/work"]},"Action":"kms:*","Resource":"*"}]}
        """#)
        #expect(policy.evaluate(F.request(F.alice)).explicitDeny == nil)
        #expect(policy.evaluate(F.request(F.root)).explicitDeny == nil)
        #expect(policy.evaluate(F.request(F.bob)).explicitDeny == Self.ref())
        #expect(policy.evaluate(F.request(F.carol)).explicitDeny == Self.ref())
        // The role's ARN is missing, so the session is not exempt.
        #expect(policy.evaluate(F.request(F.session)).explicitDeny == Self.ref())
        let withRole = try F.key(#"""
        {"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["111122223333","arn:aws:iam::111122223333:role/ops/Admin",
          "arn:aws:sts::111122223333:assumed-role/Admin/work"]},"Action":"kms:*","Resource":"*"}]}
        """#)
        #expect(withRole.evaluate(F.request(F.session)).explicitDeny == nil)
        // Without the account, the user alone is not exempt.
        let userOnly = try F.key(#"{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"kms:*","Resource":"*"}]}"#)
        #expect(userOnly.evaluate(F.request(F.alice)).explicitDeny == Self.ref())
        // An Allow with NotPrincipal applies directly to everyone else.
        let allow = try F.key(#"{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"444455556666"},"Action":"kms:*","Resource":"*"}]}"#)
        #expect(allow.evaluate(F.request(F.alice)).directAllow == Self.ref())
        #expect(allow.evaluate(F.request(F.otherRoot)).directAllow == nil)
    }

    @Test func identityPolicyResources() throws {
        let cases: [(resource: String, requested: String, matches: Bool)] = [
            (#""*""#, F.keyArn, true),
            (#""\#(F.keyArn)""#, F.keyArn, true),
            (#""arn:aws:kms:us-east-1:111122223333:key/*""#, F.keyArn, true),
            (#""arn:aws:kms:*:111122223333:key/*""#, F.keyArn, true),
            (#""arn:aws:kms:*:111122223333:key/*""#, F.foreignKeyArn, false),
            (#""arn:aws:kms:us-west-2:111122223333:key/*""#, F.keyArn, false),
            (#""arn:aws:kms:us-east-1:111122223333:alias/*""#, F.keyArn, false),
            (#""arn:aws:kms:us-east-1:111122223333:alias/app-*""#, "arn:aws:kms:us-east-1:111122223333:alias/app-one", true),
            (#""arn:aws:kms:us-east-1:111122223333:alias/app-?""#, "arn:aws:kms:us-east-1:111122223333:alias/app-one", false),
            (#""arn:aws:kms:*""#, F.foreignKeyArn, true),
            (#""arn:aws:kms:*:*:*""#, F.keyArn, true),
            (#""arn:aws:s3:::*""#, F.keyArn, false),
            // A glob does not cross a component boundary: "us-*" cannot swallow the account.
            (#""arn:aws:kms:us-*:key/*""#, F.keyArn, false),
            (#"["arn:aws:kms:us-west-2:111122223333:key/*","arn:aws:kms:us-east-1:111122223333:key/1234*"]"#, F.keyArn, true),
            (#""arn:aws:kms:us-east-1:111122223333:key/1234ABCD*""#, F.keyArn, false),  // ARNs are case-sensitive
            // "No particular resource" (CreateKey): "*" or an account-scoped pattern of the action's service.
            (#""*""#, "*", true),
            (#""arn:aws:kms:us-east-1:111122223333:*""#, "*", true),
            (#""arn:aws:kms:*:444455556666:*""#, "*", false),
            (#""arn:aws:s3:*:111122223333:*""#, "*", false),
            (#""arn:aws:kms:*:111122223333:key/*""#, "*", false),
        ]
        for item in cases {
            let policy = try F.identityStatement(action: #""kms:*""#, resource: item.resource)
            #expect((policy.evaluate(F.request(F.alice, "kms:Encrypt", item.requested)).directAllow != nil) == item.matches,
                    "\(item.resource) vs \(item.requested)")
        }
    }

    @Test func notResourceDeniesEverythingElse() throws {
        let policy = try F.identity(#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"kms:*","NotResource":"arn:aws:kms:*:111122223333:key/*"}}"#)
        #expect(policy.evaluate(F.request(F.alice, "kms:Encrypt", F.keyArn)).explicitDeny == nil)
        #expect(policy.evaluate(F.request(F.alice, "kms:Encrypt", F.foreignKeyArn)).explicitDeny == Self.ref(0, "identity"))
    }

    @Test func resourcePolicyVariables() throws {
        let policy = try F.identityStatement(action: #""kms:*""#, resource: #""arn:aws:kms:*:111122223333:alias/${aws:username}/*""#)
        let context = PolicyTestContext(["aws:username": .single("alice")])
        let own = "arn:aws:kms:us-east-1:111122223333:alias/alice/data"
        #expect(policy.evaluate(F.request(F.alice, "kms:CreateAlias", own, context)).directAllow != nil)
        #expect(policy.evaluate(F.request(F.alice, "kms:CreateAlias", "arn:aws:kms:us-east-1:111122223333:alias/bob/data", context)).directAllow == nil)
        // No value for the variable: that pattern matches nothing.
        #expect(policy.evaluate(F.request(F.session, "kms:CreateAlias", own)).directAllow == nil)
        // A variable's value is literal: "*" in a user name is not a wildcard.
        let star = PolicyTestContext(["aws:username": .single("*")])
        #expect(policy.evaluate(F.request(F.alice, "kms:CreateAlias", own, star)).directAllow == nil)
        #expect(policy.evaluate(F.request(F.alice, "kms:CreateAlias", "arn:aws:kms:us-east-1:111122223333:alias/*/data", star)).directAllow != nil)
    }

    @Test func policyVariablesNeedVersion2012() throws {
        let text = #""arn:aws:kms:*:111122223333:alias/${aws:username}""#
        let context = PolicyTestContext(["aws:username": .single("alice")])
        let literal = "arn:aws:kms:us-east-1:111122223333:alias/${aws:username}"
        let old = try F.identityStatement(action: #""kms:*""#, resource: text, version: "2008-10-17")
        #expect(old.evaluate(F.request(F.alice, "kms:CreateAlias", literal, context)).directAllow != nil)
        #expect(old.evaluate(F.request(F.alice, "kms:CreateAlias", "arn:aws:kms:us-east-1:111122223333:alias/alice", context)).directAllow == nil)
        let new = try F.identityStatement(action: #""kms:*""#, resource: text)
        #expect(new.evaluate(F.request(F.alice, "kms:CreateAlias", "arn:aws:kms:us-east-1:111122223333:alias/alice", context)).directAllow != nil)
    }

    @Test func identityPoliciesAllowDirectly() throws {
        let policy = try F.identityStatement()
        #expect(policy.evaluate(F.request(F.alice)) == PolicyEvaluation(directAllow: Self.ref(0, "identity")))
        #expect(policy.evaluate(F.request(F.carol, "kms:Encrypt", F.keyArn)).directAllow != nil)
    }

    @Test func trustPolicy() throws {
        let policy = try CompiledPolicy.compile(#"""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sts:AssumeRole"},
          {"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":["sts:AssumeRole","sts:TagSession"]}]}
        """#, kind: .trust)
        let role = "arn:aws:iam::111122223333:role/ops/Admin"
        #expect(policy.evaluate(F.request(F.alice, "sts:AssumeRole", role)).directAllow?.index == 0)
        #expect(policy.evaluate(F.request(F.carol, "sts:AssumeRole", role)).accountAllow?.index == 1)
        #expect(policy.evaluate(F.request(F.bob, "sts:AssumeRole", role)) == PolicyEvaluation())
        #expect(policy.evaluate(F.request(F.alice, "kms:Encrypt", role)) == PolicyEvaluation())
    }

    @Test func firstMatchingStatementIsReported() throws {
        let policy = try F.key(#"""
        {"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:Decrypt","Resource":"*"},
          {"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"},
          {"Sid":"Alice","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"kms:*","Resource":"*"},
          {"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}
        """#)
        #expect(policy.evaluate(F.request(F.alice)) == PolicyEvaluation(directAllow: Self.ref(2, sid: "Alice"), accountAllow: Self.ref(1)))
        #expect(policy.evaluate(F.request(F.bob)) == PolicyEvaluation(directAllow: Self.ref(3), accountAllow: Self.ref(1)))
    }

    @Test func statementRefDescription() {
        #expect(Self.ref(0, sid: "Enable IAM User Permissions").description == #"default#0 (Sid "Enable IAM User Permissions")"#)
        #expect(Self.ref(3).description == "default#3")
    }
}
