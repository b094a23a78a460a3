import Testing
import TrentJSON
@testable import TrentPolicy

/// Each operator against a context, through a real compiled statement.
@Suite struct ConditionOperatorTests {
    typealias F = PolicyFixtures

    /// Whether `{"<op>": {"<key>": <values>}}` holds for a request whose `key` has `value`.
    static func holds(_ op: String, _ key: String, _ values: String, _ value: ConditionValues,
                      extra: [String: ConditionValues] = [:], effect: String = "Deny") throws -> Bool {
        let policy = try F.keyStatement(effect: effect, principal: #""*""#, action: #""kms:*""#,
                                        extra: #","Condition":{"\#(op)":{"\#(key)":\#(values)}}"#)
        var context = extra
        context[key] = value
        let evaluation = policy.evaluate(F.request(F.alice, "kms:Encrypt", F.keyArn, PolicyTestContext(context)))
        return effect == "Deny" ? evaluation.explicitDeny != nil : evaluation.directAllow != nil
    }

    typealias Row = (op: String, values: String, value: ConditionValues, holds: Bool)

    static let stringRows: [Row] = [
        ("StringEquals", #""IT""#, .single("IT"), true),
        ("StringEquals", #""IT""#, .single("it"), false),
        ("StringEquals", #"["HR","IT"]"#, .single("IT"), true),
        ("StringEquals", #""IT""#, .absent, false),
        ("StringEquals", #""a*""#, .single("abc"), false),
        ("StringEquals", "21", .single("21"), true),
        ("StringEquals", "true", .single("true"), true),
        ("StringNotEquals", #""IT""#, .single("HR"), true),
        ("StringNotEquals", #""IT""#, .single("IT"), false),
        ("StringNotEquals", #"["HR","IT"]"#, .single("IT"), false),
        ("StringNotEquals", #""IT""#, .absent, true),
        ("StringEqualsIgnoreCase", #""It""#, .single("iT"), true),
        ("StringEqualsIgnoreCase", #""It""#, .single("HR"), false),
        ("StringNotEqualsIgnoreCase", #""It""#, .single("IT"), false),
        ("StringNotEqualsIgnoreCase", #""It""#, .single("HR"), true),
        ("StringNotEqualsIgnoreCase", #""It""#, .absent, true),
        ("StringLike", #""alias/app-*""#, .single("alias/app-one"), true),
        ("StringLike", #""alias/app-?""#, .single("alias/app-1"), true),
        ("StringLike", #""alias/app-?""#, .single("alias/app-12"), false),
        ("StringLike", #""alias/APP-*""#, .single("alias/app-1"), false),
        ("StringLike", #""${*}x""#, .single("*x"), true),
        ("StringLike", #""${*}x""#, .single("ax"), false),
        ("StringLike", #""a${?}""#, .single("a?"), true),
        ("StringLike", #""a${?}""#, .single("ab"), false),
        ("StringLike", #""cost${$}""#, .single("cost$"), true),
        ("StringNotLike", #""alias/app-*""#, .single("alias/db"), true),
        ("StringNotLike", #""alias/app-*""#, .single("alias/app-x"), false),
        ("StringNotLike", #""alias/app-*""#, .absent, true),
        ("StringEqualsIfExists", #""IT""#, .absent, true),
        ("StringEqualsIfExists", #""IT""#, .single("HR"), false),
        ("StringEqualsIfExists", #""IT""#, .single("IT"), true),
        ("StringNotLikeIfExists", #""a*""#, .absent, true),
        ("StringNotLikeIfExists", #""a*""#, .single("abc"), false),
    ]

    static let numericRows: [Row] = [
        ("NumericEquals", "7", .single("7"), true),
        ("NumericEquals", #""7""#, .single("7.0"), true),
        ("NumericEquals", "7", .single("8"), false),
        ("NumericEquals", "7", .single("seven"), false),
        ("NumericEquals", "7", .absent, false),
        ("NumericNotEquals", "7", .single("8"), true),
        ("NumericNotEquals", "7", .single("7"), false),
        ("NumericNotEquals", "7", .absent, true),
        ("NumericLessThan", "21", .single("7"), true),
        ("NumericLessThan", "21", .single("21"), false),
        ("NumericLessThanEquals", "21", .single("21"), true),
        ("NumericLessThanEquals", "21", .single("22"), false),
        ("NumericGreaterThan", "1546257599.0", .single("1546257600"), true),
        ("NumericGreaterThan", "1546257599.0", .single("1546257599"), false),
        ("NumericGreaterThanEquals", "-1.5e1", .single("-15"), true),
        ("NumericGreaterThanEquals", "10", .single("9.99"), false),
        ("NumericLessThanIfExists", "10", .absent, true),
        ("NumericLessThan", #"[5, 10]"#, .single("7"), true),
    ]

    static let dateRows: [Row] = [
        ("DateEquals", #""2024-03-01T00:00:00Z""#, .single("2024-03-01T00:00:00Z"), true),
        ("DateEquals", #""2024-03-01T00:00:00Z""#, .single("2024-03-01"), true),
        ("DateEquals", #""2024-03-01T00:00:00Z""#, .single("1709251200"), true),
        ("DateEquals", #""1709251200""#, .single("2024-03-01T01:00:00+01:00"), true),
        ("DateEquals", #""2024-03-01T00:00:00Z""#, .single("2024-03-01T00:00:00.000Z"), true),
        ("DateEquals", #""2024-03-01T00:00:00Z""#, .single("not a date"), false),
        ("DateNotEquals", #""2024-03-01T00:00:00Z""#, .single("2024-03-02T00:00:00Z"), true),
        ("DateNotEquals", #""2024-03-01T00:00:00Z""#, .absent, true),
        ("DateLessThan", #""2024-03-01T00:00:00Z""#, .single("2024-02-29T23:59:59.5Z"), true),
        ("DateLessThan", #""2024-03-01T00:00:00Z""#, .single("2024-03-01T00:00:00Z"), false),
        ("DateLessThanEquals", #""2024-03-01T00:00:00Z""#, .single("2024-03-01T00:00:00Z"), true),
        ("DateGreaterThan", #""2024-03-01T00:00:00-05:00""#, .single("2024-03-01T04:59:59Z"), false),
        ("DateGreaterThan", #""2024-03-01T00:00:00-05:00""#, .single("2024-03-01T05:00:01Z"), true),
        ("DateGreaterThanEquals", "1709251200", .single("2024-03-01T00:00:00Z"), true),
        ("DateLessThan", #""2024-03-01T00:00:00Z""#, .absent, false),
        ("DateLessThanIfExists", #""2024-03-01T00:00:00Z""#, .absent, true),
    ]

    static let otherRows: [Row] = [
        ("Bool", "true", .single("true"), true),
        ("Bool", #""true""#, .single("TRUE"), true),
        ("Bool", "true", .single("false"), false),
        ("Bool", "false", .single("false"), true),
        ("Bool", "true", .absent, false),
        ("BoolIfExists", "true", .absent, true),
        ("BinaryEquals", #""QmluYXJ5VmFsdWU=""#, .single("QmluYXJ5VmFsdWU="), true),
        ("BinaryEquals", #""QmluYXJ5VmFsdWU=""#, .single("QmluYXJ5VmFsdWF="), false),
        ("IpAddress", #""203.0.113.0/24""#, .single("203.0.113.7"), true),
        ("IpAddress", #""203.0.113.0/24""#, .single("203.0.114.7"), false),
        ("IpAddress", #""203.0.113.7""#, .single("203.0.113.7"), true),
        ("IpAddress", #""203.0.113.7/32""#, .single("203.0.113.8"), false),
        ("IpAddress", #""0.0.0.0/0""#, .single("198.51.100.1"), true),
        ("IpAddress", #""203.0.113.0/24""#, .single("::ffff:203.0.113.9"), true),
        ("IpAddress", #""2001:db8::/32""#, .single("2001:db8:1234::1"), true),
        ("IpAddress", #""2001:db8::/32""#, .single("2001:db9::1"), false),
        ("IpAddress", #""2001:DB8:0:0:0:0:0:1""#, .single("2001:db8::1"), true),
        ("IpAddress", #""::/0""#, .single("203.0.113.7"), false),
        ("IpAddress", #""::1""#, .single("::1"), true),
        ("IpAddress", #"["10.0.0.0/8","2001:db8::/32"]"#, .single("10.1.2.3"), true),
        ("IpAddress", #""10.0.0.0/8""#, .single("localhost"), false),
        ("IpAddress", #""10.0.0.0/8""#, .absent, false),
        ("NotIpAddress", #""10.0.0.0/8""#, .single("192.168.0.1"), true),
        ("NotIpAddress", #""10.0.0.0/8""#, .single("10.0.0.1"), false),
        ("NotIpAddress", #""10.0.0.0/8""#, .absent, true),
        ("ArnEquals", #""arn:aws:iam::111122223333:role/ops/Admin""#, .single("arn:aws:iam::111122223333:role/ops/Admin"), true),
        ("ArnEquals", #""arn:aws:iam::111122223333:role/*""#, .single("arn:aws:iam::111122223333:role/ops/Admin"), true),
        ("ArnLike", #""arn:aws:iam::*:role/ops/*""#, .single("arn:aws:iam::444455556666:role/ops/Admin"), true),
        ("ArnLike", #""arn:aws:iam::*:role/ops/*""#, .single("arn:aws:iam::444455556666:user/ops/Admin"), false),
        ("ArnLike", #""arn:aws:iam::1111*:root""#, .single("arn:aws:iam::111122223333:root"), true),
        // Components are matched separately: a "*" cannot reach over a colon into the account.
        ("ArnLike", #""arn:aws:iam:*:root""#, .single("arn:aws:iam::111122223333:root"), false),
        ("ArnLike", #""arn:aws:iam::*:root""#, .single("not-an-arn"), false),
        ("ArnNotEquals", #""arn:aws:iam::111122223333:root""#, .single("arn:aws:iam::444455556666:root"), true),
        ("ArnNotLike", #""arn:aws:iam::*:role/ops/*""#, .single("arn:aws:iam::1:role/ops/x"), false),
        ("ArnNotLike", #""arn:aws:iam::*:role/ops/*""#, .absent, true),
        ("ArnLikeIfExists", #""arn:aws:iam::*:role/ops/*""#, .absent, true),
    ]

    @Test(arguments: stringRows + numericRows + dateRows + otherRows)
    func singleValuedKey(_ row: Row) throws {
        #expect(try Self.holds(row.op, "test:key", row.values, row.value) == row.holds, "\(row.op) \(row.values) vs \(row.value)")
    }

    @Test func nullOperator() throws {
        #expect(try Self.holds("Null", "kms:EncryptionContextKeys", "true", .absent))
        #expect(try Self.holds("Null", "kms:EncryptionContextKeys", "true", .multiple([])))
        #expect(try !Self.holds("Null", "kms:EncryptionContextKeys", "true", .multiple(["a"])))
        #expect(try Self.holds("Null", "kms:EncryptionContextKeys", #""false""#, .multiple(["a"])))
        #expect(try !Self.holds("Null", "kms:BypassPolicyLockoutSafetyCheck", "false", .absent))
        #expect(try Self.holds("Null", "kms:BypassPolicyLockoutSafetyCheck", "false", .single("false")))
    }

    typealias SetRow = (op: String, values: String, value: ConditionValues, holds: Bool)

    /// Multi-valued keys (kms:EncryptionContextKeys, aws:TagKeys, kms:GrantOperations).
    static let setRows: [SetRow] = [
        ("ForAnyValue:StringEquals", #"["Encrypt","Decrypt"]"#, .multiple(["Decrypt", "Sign"]), true),
        ("ForAnyValue:StringEquals", #"["Encrypt","Decrypt"]"#, .multiple(["Sign"]), false),
        ("ForAnyValue:StringEquals", #"["Encrypt"]"#, .multiple([]), false),
        ("ForAnyValue:StringEquals", #"["Encrypt"]"#, .absent, false),
        ("ForAnyValue:StringEquals", #"["Encrypt"]"#, .single("Encrypt"), true),
        ("ForAllValues:StringEquals", #"["Encrypt","Decrypt"]"#, .multiple(["Decrypt", "Encrypt"]), true),
        ("ForAllValues:StringEquals", #"["Encrypt","Decrypt"]"#, .multiple(["Decrypt", "Sign"]), false),
        ("ForAllValues:StringEquals", #"["Encrypt"]"#, .multiple([]), true),
        ("ForAllValues:StringEquals", #"["Encrypt"]"#, .absent, true),
        ("ForAllValues:StringLike", #"["Decrypt","GenerateDataKey*"]"#, .multiple(["Decrypt", "GenerateDataKeyPair"]), true),
        ("ForAllValues:StringNotEquals", #"["RetireGrant"]"#, .multiple(["Decrypt", "Encrypt"]), true),
        ("ForAllValues:StringNotEquals", #"["RetireGrant"]"#, .multiple(["Decrypt", "RetireGrant"]), false),
        ("ForAnyValue:StringNotEquals", #"["Decrypt"]"#, .multiple(["Decrypt", "Encrypt"]), true),
        ("ForAnyValue:StringNotEquals", #"["Decrypt"]"#, .multiple(["Decrypt"]), false),
        ("ForAnyValue:StringEqualsIgnoreCase", #"["purpose"]"#, .multiple(["Purpose"]), true),
        ("ForAnyValue:StringLikeIfExists", #"["a*"]"#, .absent, true),
        ("ForAllValues:NumericLessThan", "10", .multiple(["1", "9"]), true),
        ("ForAllValues:NumericLessThan", "10", .multiple(["1", "19"]), false),
        // Without a set operator a positive operator holds if any value matches; a negated one
        // holds if none does.
        ("StringEquals", #""Decrypt""#, .multiple(["Decrypt", "Sign"]), true),
        ("StringEquals", #""Encrypt""#, .multiple(["Decrypt", "Sign"]), false),
        ("StringNotEquals", #""Decrypt""#, .multiple(["Decrypt", "Sign"]), false),
        ("StringNotEquals", #""Encrypt""#, .multiple(["Decrypt", "Sign"]), true),
        ("StringEquals", #""Encrypt""#, .multiple([]), false),
        ("StringNotEquals", #""Encrypt""#, .multiple([]), true),
    ]

    @Test(arguments: setRows)
    func multiValuedKey(_ row: SetRow) throws {
        #expect(try Self.holds(row.op, "kms:GrantOperations", row.values, row.value) == row.holds, "\(row.op) \(row.values) vs \(row.value)")
    }

    @Test func blocksAndKeysAreAndedValuesOred() throws {
        let policy = try F.keyStatement(principal: #""*""#, action: #""kms:*""#, extra: #"""
        ,"Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:EncryptionContext:Dept":["IT","HR"]},
          "Bool":{"aws:SecureTransport":"true"}}
        """#)
        func allowed(_ values: [String: ConditionValues]) -> Bool {
            policy.evaluate(F.request(F.alice, "kms:Encrypt", F.keyArn, PolicyTestContext(values))).directAllow != nil
        }
        let all: [String: ConditionValues] = [
            "kms:CallerAccount": .single("111122223333"), "kms:EncryptionContext:Dept": .single("HR"),
            "aws:SecureTransport": .single("true"),
        ]
        #expect(allowed(all))
        for key in all.keys {
            var missing = all
            missing[key] = nil
            #expect(!allowed(missing), "without \(key)")
        }
        var wrong = all
        wrong["kms:EncryptionContext:Dept"] = .single("Sales")
        #expect(!allowed(wrong))
    }

    @Test func conditionKeysAreCaseInsensitive() throws {
        // The context asserts that it is asked in lowercase (PolicyTestContext).
        #expect(try Self.holds("StringEquals", "KMS:EncryptionContext:Department", #""IT""#, .single("IT")))
        let policy = try F.keyStatement(principal: #""*""#, extra: #","Condition":{"stringequals":{"Kms:CallerAccount":"111122223333"}}"#)
        #expect(policy.evaluate(F.request(F.alice, "kms:Encrypt", F.keyArn, PolicyTestContext(["kms:calleraccount": .single("111122223333")]))).directAllow != nil)
    }

    @Test func policyVariablesInConditionValues() throws {
        let context: [String: ConditionValues] = [
            "aws:username": .single("alice"), "aws:PrincipalTag/team": .single("blue"), "aws:userid": .single("AIDAALICE"),
        ]
        #expect(try Self.holds("StringEquals", "kms:EncryptionContext:owner", #""${aws:username}""#, .single("alice"), extra: context))
        #expect(try !Self.holds("StringEquals", "kms:EncryptionContext:owner", #""${aws:username}""#, .single("bob"), extra: context))
        #expect(try Self.holds("StringLike", "kms:EncryptionContext:owner", #""${aws:username}-*""#, .single("alice-1"), extra: context))
        #expect(try Self.holds("StringEquals", "aws:ResourceTag/team", #""${aws:PrincipalTag/team}""#, .single("blue"), extra: context))
        #expect(try Self.holds("StringEquals", "kms:EncryptionContext:id", #""user-${aws:userid}""#, .single("user-AIDAALICE"), extra: context))
        // Unresolvable: the value matches nothing, so the positive operator fails and the negated one holds.
        #expect(try !Self.holds("StringEquals", "kms:EncryptionContext:team", #""${aws:PrincipalTag/missing}""#, .single(""), extra: context))
        #expect(try Self.holds("StringNotEquals", "kms:EncryptionContext:team", #""${aws:PrincipalTag/missing}""#, .single("x"), extra: context))
        // A default applies when the key is missing.
        #expect(try Self.holds("StringEquals", "kms:EncryptionContext:team", #""${aws:PrincipalTag/missing, 'none'}""#, .single("none"), extra: context))
        // Numbers and dates from variables.
        #expect(try Self.holds("NumericLessThan", "kms:ValidTo", #""${aws:EpochTime}""#, .single("100"), extra: ["aws:EpochTime": .single("200")]))
        #expect(try Self.holds("DateLessThan", "aws:TokenIssueTime", #""${aws:CurrentTime}""#, .single("2024-01-01T00:00:00Z"), extra: ["aws:CurrentTime": .single("2024-06-01T00:00:00Z")]))
        // Multi-valued keys cannot be variables.
        #expect(try !Self.holds("StringEquals", "kms:EncryptionContext:k", #""${aws:TagKeys}""#, .single("a"), extra: ["aws:TagKeys": .multiple(["a"])]))
        // Not a variable: no vendor prefix, or unterminated.
        #expect(try Self.holds("StringEquals", "kms:EncryptionContext:k", #""${username}""#, .single("${username}")))
        #expect(try Self.holds("StringEquals", "kms:EncryptionContext:k", #""${aws:username""#, .single("${aws:username")))
    }

    @Test func ifExistsHoldsWhenTheKeyIsMissing() throws {
        // "If the key exists, compare; if not, the condition holds": a Deny with
        // StringNotEqualsIfExists therefore also applies when the key is missing, while the
        // plain negated operator applies the same way and the positive IfExists form allows.
        let op = "StringNotEqualsIfExists"
        #expect(try Self.holds(op, "kms:EncryptionAlgorithm", #""SYMMETRIC_DEFAULT""#, .absent))
        #expect(try !Self.holds(op, "kms:EncryptionAlgorithm", #""SYMMETRIC_DEFAULT""#, .single("SYMMETRIC_DEFAULT")))
        #expect(try Self.holds(op, "kms:EncryptionAlgorithm", #""SYMMETRIC_DEFAULT""#, .single("RSAES_OAEP_SHA_256")))
        #expect(try Self.holds("StringEqualsIfExists", "kms:EncryptionAlgorithm", #""SYMMETRIC_DEFAULT""#, .absent, effect: "Allow"))
        #expect(try !Self.holds("StringEquals", "kms:EncryptionAlgorithm", #""SYMMETRIC_DEFAULT""#, .absent, effect: "Allow"))
    }

    @Test func allowWithConditionOnMissingKeyDoesNotApply() throws {
        // G:9875: an EC condition on an operation without EC never holds, so the Allow does not apply.
        #expect(try !Self.holds("StringEquals", "kms:EncryptionContext:Dept", #""IT""#, .absent, effect: "Allow"))
        #expect(try Self.holds("StringEquals", "kms:EncryptionContext:Dept", #""IT""#, .single("IT"), effect: "Allow"))
    }
}
