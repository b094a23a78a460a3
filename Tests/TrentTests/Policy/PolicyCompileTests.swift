import Testing
import TrentJSON
@testable import TrentPolicy

@Suite struct PolicyCompileTests {
    typealias F = PolicyFixtures

    static func malformed(_ message: String) -> KMSError { KMSError("MalformedPolicyDocumentException", message) }

    /// Every grammar error of a key policy, with its exact text. The first rows are the
    /// documents of tests/conformance/test_policies.py (MALFORMED).
    static let keyPolicyErrors: [(String, String, KMSError)] = [
        ("not JSON", "{this is not json", malformed("The policy document is not valid JSON.")),
        ("JSON array", "[]", malformed("The policy document must be a JSON object.")),
        ("JSON string", #""policy""#, malformed("The policy document must be a JSON object.")),
        ("no Statement", #"{"Version":"2012-10-17"}"#, malformed("The policy document must contain a Statement element.")),
        ("Statement a string", #"{"Version":"2012-10-17","Statement":"x"}"#, malformed("The policy document must contain a Statement element.")),
        ("empty Statement list", #"{"Version":"2012-10-17","Statement":[]}"#, malformed("The policy document must contain at least one statement.")),
        ("bad Effect", #"{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}]}"#,
         malformed("Each policy statement must have an Effect of Allow or Deny.")),
        ("lowercase Effect", #"{"Statement":[{"Effect":"allow","Principal":"*","Action":"kms:*","Resource":"*"}]}"#,
         malformed("Each policy statement must have an Effect of Allow or Deny.")),
        ("no Effect", #"{"Version":"2012-10-17","Statement":[{"Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}]}"#,
         malformed("Each policy statement must have an Effect of Allow or Deny.")),
        ("no Principal", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#,
         malformed("Policy contains a statement with no principal.")),
        ("empty principal list", #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":[]},"Action":"kms:*","Resource":"*"}]}"#,
         malformed("Policy contains a statement with no principal.")),
        ("empty principal object", #"{"Statement":[{"Effect":"Allow","Principal":{},"Action":"kms:*","Resource":"*"}]}"#,
         malformed("Policy contains a statement with no principal.")),
        ("bad Version", #"{"Version":"2099-01-01","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}]}"#,
         malformed("The policy document has an invalid Version; use \"2012-10-17\".")),
        ("numeric Version", #"{"Version":2012,"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}"#,
         malformed("The policy document has an invalid Version; use \"2012-10-17\".")),
        ("unknown top-level element", #"{"Version":"2012-10-17","Bogus":1,"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}]}"#,
         malformed("The policy document contains an unsupported element: Bogus.")),
        ("statement not an object", #"{"Version":"2012-10-17","Statement":["Allow everything"]}"#,
         malformed("Each policy statement must be a JSON object.")),
        ("numeric Id", #"{"Id":7,"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}"#,
         malformed("The Id element of a policy document must be a string.")),
        ("unknown statement element", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Actions":"x"}]}"#,
         malformed("A policy statement contains an unsupported element: Actions.")),
        ("numeric Sid", #"{"Statement":[{"Sid":1,"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}"#,
         malformed("The Sid element of a policy statement must be a string.")),
        ("Principal and NotPrincipal", #"{"Statement":[{"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}]}"#,
         malformed("A policy statement cannot contain both Principal and NotPrincipal.")),
        ("unknown principal type", #"{"Statement":[{"Effect":"Allow","Principal":{"IAM":"x"},"Action":"kms:*","Resource":"*"}]}"#,
         malformed("Policy contains a statement with one or more invalid principals.")),
        ("principal string other than *", #"{"Statement":[{"Effect":"Allow","Principal":"alice","Action":"kms:*","Resource":"*"}]}"#,
         malformed("Policy contains a statement with one or more invalid principals.")),
        ("numeric principal", #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":111122223333},"Action":"kms:*","Resource":"*"}]}"#,
         malformed("Policy contains a statement with one or more invalid principals.")),
        ("empty service principal", #"{"Statement":[{"Effect":"Allow","Principal":{"Service":""},"Action":"kms:*","Resource":"*"}]}"#,
         malformed("Policy contains a statement with one or more invalid principals.")),
        ("no Action", #"{"Statement":[{"Effect":"Allow","Principal":"*","Resource":"*"}]}"#,
         malformed("Policy statement must contain actions.")),
        ("Action and NotAction", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","NotAction":"kms:Decrypt","Resource":"*"}]}"#,
         malformed("A policy statement cannot contain both Action and NotAction.")),
        ("empty Action list", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":[],"Resource":"*"}]}"#,
         malformed("The Action element of a policy statement must not be an empty list.")),
        ("Action an object", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":{"kms":"*"},"Resource":"*"}]}"#,
         malformed("The Action element of a policy statement must be a string or a list of strings.")),
        ("Action list with a number", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":["kms:Encrypt",1],"Resource":"*"}]}"#,
         malformed("The Action element of a policy statement must be a string or a list of strings.")),
        ("Action without vendor", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"Encrypt","Resource":"*"}]}"#,
         malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")),
        ("Action with two colons", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:a:b","Resource":"*"}]}"#,
         malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")),
        ("Resource a key ARN", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"\#(F.keyArn)"}]}"#,
         malformed("The Resource element of a key policy statement must be \"*\", which means this KMS key.")),
        ("NotResource", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","NotResource":"*"}]}"#,
         malformed("A key policy statement cannot contain NotResource; use \"Resource\": \"*\", which means this KMS key.")),
        ("empty Resource list", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":[]}]}"#,
         malformed("The Resource element of a policy statement must not be an empty list.")),
        ("Condition not an object", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":[]}]}"#,
         malformed("The Condition element of a policy statement must be a JSON object.")),
        ("condition block not an object", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEquals":"x"}}]}"#,
         malformed("Condition operator StringEquals must map condition keys to values.")),
        ("empty condition block", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{}}}]}"#,
         malformed("Condition operator StringEquals must map condition keys to values.")),
        ("unknown operator", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEqualz":{"kms:CallerAccount":"1"}}}]}"#,
         malformed("Policy contains a statement with an unknown condition operator: StringEqualz.")),
        ("NullIfExists", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"NullIfExists":{"kms:CallerAccount":"true"}}}]}"#,
         malformed("Policy contains a statement with an unknown condition operator: NullIfExists.")),
        ("condition key without vendor", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"CallerAccount":"1"}}}]}"#,
         malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")),
        ("condition value an object", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":{"a":1}}}}]}"#,
         malformed("The values of condition key kms:CallerAccount for condition operator StringEquals must be strings, numbers, booleans or a non-empty list of them.")),
        ("condition value an empty list", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":[]}}}]}"#,
         malformed("The values of condition key kms:CallerAccount for condition operator StringEquals must be strings, numbers, booleans or a non-empty list of them.")),
        ("condition value null", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":null}}}]}"#,
         malformed("The values of condition key kms:CallerAccount for condition operator StringEquals must be strings, numbers, booleans or a non-empty list of them.")),
        ("non-numeric NumericEquals", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"NumericEquals":{"kms:ScheduleKeyDeletionPendingWindowInDays":"seven"}}}]}"#,
         malformed("Policy contains a statement with an invalid value for condition operator NumericEquals: seven.")),
        ("bad date", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2024-13-01"}}}]}"#,
         malformed("Policy contains a statement with an invalid value for condition operator DateLessThan: 2024-13-01.")),
        ("bad CIDR", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}}}]}"#,
         malformed("Policy contains a statement with an invalid value for condition operator IpAddress: 10.0.0.0/33.")),
        ("bad Bool", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"yes"}}}]}"#,
         malformed("Policy contains a statement with an invalid value for condition operator Bool: yes.")),
        ("bad Null", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"Null":{"kms:EncryptionContextKeys":"maybe"}}}]}"#,
         malformed("Policy contains a statement with an invalid value for condition operator Null: maybe.")),
        ("ForAllValues on an EC key in an Allow", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"kms:EncryptionContext:Department":"IT"}}}]}"#,
         malformed("OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.")),
        ("ForAllValues on a request tag in an Allow", #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"ForAllValues:StringLike":{"aws:RequestTag/Project":"A*"}}}]}"#,
         malformed("OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified tag or with an unspecified tag. To fix, remove ForAllValues.")),
    ]

    @Test(arguments: keyPolicyErrors)
    func malformedKeyPolicy(_ name: String, _ text: String, _ expected: KMSError) {
        #expect(F.compileError(text) == expected, "\(name)")
    }

    @Test func forAllValuesOnSingleValuedKeysIsAcceptedInADeny() {
        let text = #"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"kms:EncryptionContext:Department":"IT"}}}]}"#
        #expect(F.compileError(text) == nil)
        let multiValued = #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":"Department"}}}]}"#
        #expect(F.compileError(multiValued) == nil)
    }

    static let invalidArns = [
        "arn:aws:iam:::root", "arn:aws:iam::111122223333:group/admins", "alice", "arn:aws:iam::11112222333:root",
        "arn:aws:iam::111122223333:user/", "arn:aws:iam::111122223333:role/*", "arn:aws:s3::111122223333:root",
        "arn:aws:sts::111122223333:assumed-role/Admin", "arn:aws:iam:us-east-1:111122223333:root", "AIDAEXAMPLE",
        "arn:aws:iam::111122223333:user//alice", "arn:aws:iam::111122223333",
    ]

    @Test(arguments: invalidArns)
    func syntacticallyInvalidPrincipalArn(_ arn: String) {
        let text = #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","\#(arn)"]},"Action":"kms:*","Resource":"*"}]}"#
        #expect(F.compileError(text) == KMSError("InvalidArnException", "An ARN in the specified key policy is invalid."))
    }

    @Test func validPrincipalForms() throws {
        let text = #"""
        {"Statement":[{"Effect":"Allow","Principal":{"AWS":["*","111122223333","arn:aws:iam::111122223333:root",
          "arn:aws:iam::111122223333:user/alice","arn:aws:iam::111122223333:user/eng/dev/bob",
          "arn:aws:iam::111122223333:role/ops/Admin","arn:aws:sts::111122223333:assumed-role/Admin/work",
          "arn:aws:sts::111122223333:federated-user/fed"],
          "Service":["cloudtrail.amazonaws.com"],"Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
          "Action":"kms:*","Resource":"*"}]}
        """#
        #expect(F.compileError(text) == nil)
    }

    @Test func principalsMustExist() {
        let text = #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:user/ghost","arn:aws:sts::111122223333:assumed-role/Admin/s"]},"Action":"kms:*","Resource":"*"}]}"#
        var asked: [String] = []
        let error = F.compileError(text, exists: { arn in
            asked.append(arn)
            return arn != "arn:aws:iam::111122223333:user/ghost"
        })
        #expect(error == KMSError("MalformedPolicyDocumentException", "Policy contains a statement with one or more invalid principals."))
        // Accounts always exist and are never asked about.
        #expect(!asked.contains { $0.hasSuffix(":root") })
        #expect(asked.contains("arn:aws:iam::111122223333:user/ghost"))
    }

    @Test func syntaxErrorsComeBeforeExistence() {
        let text = #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/ghost"},"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/g"},"Action":"kms:*","Resource":"*"}]}"#
        #expect(F.compileError(text, exists: { _ in false })?.type == "InvalidArnException")
    }

    @Test func keyPolicySizeLimit() {
        let base = F.defaultKeyPolicy()
        let padding = String(repeating: " ", count: 32_768 - base.utf8.count)
        let exact = String(base.dropLast()) + padding + "}"
        #expect(exact.utf8.count == 32_768)
        #expect(F.compileError(exact) == nil)
        let over = String(base.dropLast()) + padding + " }"
        #expect(F.compileError(over) == KMSError("LimitExceededException", "The key policy exceeds the maximum size of 32768 bytes."))
        // Bytes, not characters: é is two bytes.
        let latin = String(base.dropLast()) + String(padding.dropLast()) + "}"
        #expect(F.compileError(latin.policyReplacingFirst("key-default-1", with: "key-défault-1")) == nil)
        #expect(F.compileError(exact.policyReplacingFirst("key-default-1", with: "key-défault-1"))?.type == "LimitExceededException")
        // The limit is the key policy's; identity policies are not measured.
        let identity = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kms:*","Resource":"*"}"# + padding + String(repeating: " ", count: 200) + "}"
        #expect(identity.utf8.count > 32_768)
        #expect(F.compileError(identity, kind: .identity) == nil)
    }

    @Test func statementWithoutResourceIsStoredButNeverApplies() throws {
        // tests/conformance/test_policies.py: CreateKey/PutKeyPolicy accept it (§5.3).
        let policy = try F.key(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*"}]}"#)
        #expect(policy.evaluate(F.request(F.root)) == PolicyEvaluation())
    }

    @Test func acceptedDocumentShapes() {
        let accepted = [
            // Statement as a single object, Version absent, 2008 version, Resource as ["*"].
            #"{"Statement":{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}}"#,
            #"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":["*"]}]}"#,
            #"{"Version":"2012-10-17","Id":"x","Statement":[{"Sid":"With spaces is fine in key policies","Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"NotAction":["kms:Describe*"],"Resource":"*"}]}"#,
            // Condition values of every scalar type.
            #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"NumericLessThan":{"kms:ScheduleKeyDeletionPendingWindowInDays":[7,"21"]},"Bool":{"aws:SecureTransport":true},"ForAnyValue:StringLike":{"kms:ResourceAliases":"alias/x*"}}}]}"#,
        ]
        for text in accepted {
            #expect(F.compileError(text) == nil, "\(text)")
        }
    }

    static let identityErrors: [(String, KMSError)] = [
        (#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}}"#,
         malformed("Policy document should not specify a principal.")),
        (#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kms:*"}}"#,
         malformed("Policy statement must contain resources.")),
        (#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kms:*","Resource":"*","NotResource":"*"}}"#,
         malformed("A policy statement cannot contain both Resource and NotResource.")),
        (#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kms:*","Resource":"key/*"}}"#,
         malformed("Resource key/* must be in ARN format or \"*\".")),
        (#"{"Version":"2012-10-17","Statement":{"Sid":"has space","Effect":"Allow","Action":"kms:*","Resource":"*"}}"#,
         malformed("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*")),
    ]

    @Test(arguments: identityErrors)
    func malformedIdentityPolicy(_ text: String, _ expected: KMSError) {
        #expect(F.compileError(text, kind: .identity) == expected)
    }

    static let trustErrors: [(String, KMSError)] = [
        (#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}}"#,
         malformed("Policy contains a statement with no principal.")),
        (#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Resource":"*"}}"#,
         malformed("Has prohibited field Resource")),
        (#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","NotResource":"*"}}"#,
         malformed("Has prohibited field NotResource")),
    ]

    @Test(arguments: trustErrors)
    func malformedTrustPolicy(_ text: String, _ expected: KMSError) {
        #expect(F.compileError(text, kind: .trust) == expected)
    }

    @Test func compilesFromAJSONValue() throws {
        let document = JSONValue.object(JSONObject([
            ("Version", .string("2012-10-17")),
            ("Statement", .array([.object(JSONObject([
                ("Effect", .string("Allow")), ("Action", .string("kms:Encrypt")), ("Resource", .string("*")),
            ]))])),
        ]))
        let policy = try CompiledPolicy.compile(document, kind: .identity)
        #expect(policy.evaluate(F.request()).directAllow == StatementRef(policyName: "identity", sid: nil, index: 0))
        #expect(policy.document == document)
        #expect(throws: KMSError("MalformedPolicyDocumentException", "The policy document must be a JSON object.")) {
            try CompiledPolicy.compile(JSONValue.array([]), kind: .identity)
        }
    }

    @Test func usesConditions() throws {
        #expect(try F.key(F.defaultKeyPolicy()).usesConditions == false)
        #expect(try F.keyStatement(extra: #","Condition":{"Bool":{"aws:SecureTransport":"true"}}"#).usesConditions)
        #expect(try F.identityStatement(resource: #""arn:aws:kms:*:111122223333:key/*""#).usesConditions == false)
        #expect(try F.identityStatement(resource: #""arn:aws:kms:*:111122223333:alias/${aws:username}-*""#).usesConditions)
    }
}

extension String {
    func policyReplacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
