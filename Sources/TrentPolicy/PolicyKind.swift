/// The three documents written in the IAM policy language that Trent evaluates. They share
/// the grammar and differ in which elements they must or must not have (see `StatementCompiler`).
public enum PolicyKind: Sendable {
    /// A KMS key policy: Principal required, Resource only `"*"` (meaning "this key").
    case key
    /// An IAM identity policy: no Principal (the identity it is attached to is the principal).
    case identity
    /// A role trust policy: Principal required, no Resource (the role is the resource).
    case trust
}

/// Condition values a request supplies; looked up lazily, only when a statement has a condition
/// (the default key policy never asks). Keys arrive lowercased (condition keys are
/// case-insensitive), e.g. "kms:encryptioncontext:department", "aws:sourceip".
public protocol ConditionContext {
    func values(forLowercasedKey key: String) -> ConditionValues
}

/// The value of one condition key in one request.
///
/// `.multiple` is for the multi-valued keys (kms:EncryptionContextKeys, aws:TagKeys,
/// kms:GrantOperations, kms:ResourceAliases); `.multiple([])` is treated like `.absent`.
public enum ConditionValues: Sendable, Equatable {
    case absent
    case single(String)
    case multiple([String])
}

/// A context with no keys at all, for callers and tests that evaluate without a request.
public struct EmptyConditionContext: ConditionContext, Sendable {
    public init() {}
    public func values(forLowercasedKey key: String) -> ConditionValues { .absent }
}
