/// Who is calling, as policies see it.
///
/// Built once per request by the authentication layer; evaluation only reads it, so the
/// strings a statement compares against (`arn`, `roleArn`, `account`) are stored ready-made.
public struct Principal: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case root = "Account", user = "User", assumedRole = "AssumedRole"
    }

    public let kind: Kind
    /// 12 digits.
    public let account: String
    /// As STS reports it: `arn:aws:iam::A:root`, `arn:aws:iam::A:user/path/name` or
    /// `arn:aws:sts::A:assumed-role/Role/Session`.
    public let arn: String
    /// User name, role name, or "" for the root user.
    public let name: String
    /// Assumed-role sessions only.
    public let sessionName: String?
    /// Assumed-role sessions only: `arn:aws:iam::A:role/path/Role` (what `aws:PrincipalArn` reports).
    public let roleArn: String?
    /// `aws:userid`: AIDA… for users, AROA…:session for sessions, the account id for root.
    public let userId: String
    /// `aws:PrincipalTag/*`: the user's tags, or the role's for a session.
    public let tags: [String: String]

    public init(
        kind: Kind, account: String, arn: String, name: String, sessionName: String?, roleArn: String?,
        userId: String, tags: [String: String]
    ) {
        self.kind = kind
        self.account = account
        self.arn = arn
        self.name = name
        self.sessionName = sessionName
        self.roleArn = roleArn
        self.userId = userId
        self.tags = tags
    }

    /// `aws:PrincipalArn`: the role for a session, the caller itself otherwise.
    public var principalArn: String { roleArn ?? arn }

    public var accountRootArn: String { "arn:aws:iam::\(account):root" }
}
