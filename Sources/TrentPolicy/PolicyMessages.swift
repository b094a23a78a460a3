import TrentJSON

/// Every error text the compiler produces, in one place so tests and callers agree.
///
/// Confirmed AWS texts (spec authorization.md §4.4) are marked [AWS]; IAM's own texts that
/// Trent reuses for identity and trust policies are marked [IAM]; the rest are Trent's,
/// worded in AWS's style where AWS's text is not known (the first ones are those Trent's
/// earlier validator already returned, which the conformance tests accept).
enum PolicyMessages {
    static let maxKeyPolicyBytes = 32_768

    static let tooLarge = KMSError(
        "LimitExceededException", "The key policy exceeds the maximum size of \(maxKeyPolicyBytes) bytes."
    )
    static let notJSON = malformed("The policy document is not valid JSON.")
    static let notObject = malformed("The policy document must be a JSON object.")
    static func unsupportedTopLevel(_ key: String) -> KMSError {
        malformed("The policy document contains an unsupported element: \(key).")
    }
    static let badVersion = malformed("The policy document has an invalid Version; use \"2012-10-17\".")
    static let badId = malformed("The Id element of a policy document must be a string.")
    static let noStatement = malformed("The policy document must contain a Statement element.")
    static let emptyStatements = malformed("The policy document must contain at least one statement.")
    static let statementNotObject = malformed("Each policy statement must be a JSON object.")
    static func unsupportedStatementElement(_ key: String) -> KMSError {
        malformed("A policy statement contains an unsupported element: \(key).")
    }
    static let badEffect = malformed("Each policy statement must have an Effect of Allow or Deny.")
    static let badSid = malformed("The Sid element of a policy statement must be a string.")
    /// [IAM]
    static let sidNotAlphanumeric = malformed(
        "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"
    )
    static func notStringList(_ key: String) -> KMSError {
        malformed("The \(key) element of a policy statement must be a string or a list of strings.")
    }
    static func emptyList(_ key: String) -> KMSError {
        malformed("The \(key) element of a policy statement must not be an empty list.")
    }
    static func both(_ first: String, _ second: String) -> KMSError {
        malformed("A policy statement cannot contain both \(first) and \(second).")
    }

    /// [AWS]
    static let noPrincipal = malformed("Policy contains a statement with no principal.")
    /// [AWS]
    static let invalidPrincipals = malformed("Policy contains a statement with one or more invalid principals.")
    /// [AWS]
    static let invalidArn = KMSError.invalidArn("An ARN in the specified key policy is invalid.")
    /// [IAM]
    static let principalNotAllowed = malformed("Policy document should not specify a principal.")

    /// [IAM]
    static let noActions = malformed("Policy statement must contain actions.")
    /// [IAM]
    static let vendorPrefix = malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")
    /// [IAM]
    static let noResources = malformed("Policy statement must contain resources.")
    /// [IAM]
    static func prohibited(_ key: String) -> KMSError { malformed("Has prohibited field \(key)") }
    /// [IAM]
    static func resourceNotArn(_ value: String) -> KMSError {
        malformed("Resource \(value) must be in ARN format or \"*\".")
    }
    /// Since 2025-08-18 AWS accepts only "*" (meaning "this key") in a key policy; text Trent's.
    static let keyPolicyResource = malformed(
        "The Resource element of a key policy statement must be \"*\", which means this KMS key."
    )
    static let keyPolicyNotResource = malformed(
        "A key policy statement cannot contain NotResource; use \"Resource\": \"*\", which means this KMS key."
    )

    static let conditionNotObject = malformed("The Condition element of a policy statement must be a JSON object.")
    static func conditionBlock(_ op: String) -> KMSError {
        malformed("Condition operator \(op) must map condition keys to values.")
    }
    static func unknownOperator(_ op: String) -> KMSError {
        malformed("Policy contains a statement with an unknown condition operator: \(op).")
    }
    static func badConditionValue(_ op: String, _ key: String) -> KMSError {
        malformed("The values of condition key \(key) for condition operator \(op) must be strings, numbers, booleans or a non-empty list of them.")
    }
    static func invalidConditionValue(_ op: String, _ value: String) -> KMSError {
        malformed("Policy contains a statement with an invalid value for condition operator \(op): \(value).")
    }

    /// [AWS] (G:11864)
    static let overlyPermissiveEncryptionContext = malformed(
        "OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues."
    )
    /// [AWS] template of G:11554-11557 with "[encryption context or tag]" read as "tag".
    static let overlyPermissiveTag = malformed(
        "OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified tag or with an unspecified tag. To fix, remove ForAllValues."
    )

    static func malformed(_ message: String) -> KMSError {
        KMSError("MalformedPolicyDocumentException", message)
    }
}
