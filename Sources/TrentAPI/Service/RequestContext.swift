import Foundation

/// Who is calling, where, and when: everything an operation needs besides its parameters.
public struct RequestContext: Sendable {
    public let requestId: String
    public let account: String
    public let region: String
    public let userName: String
    public let accessKeyId: String
    public let now: Date
    /// The keys this request resolved, in order, for the audit record.
    public let resources = ResolvedResources()

    public init(requestId: String, account: String, region: String, userName: String, accessKeyId: String, now: Date = Date()) {
        self.requestId = requestId
        self.account = account
        self.region = region
        self.userName = userName
        self.accessKeyId = accessKeyId
        self.now = now
    }

    public var principalArn: String { "arn:aws:iam::\(account):user/\(userName)" }
}

/// Key ARNs a request touched. Only the task serving the request uses it, one step after
/// another, so it needs no lock; `@unchecked Sendable` because the compiler cannot see that.
public final class ResolvedResources: @unchecked Sendable {
    public private(set) var keyArns: [String] = []

    func add(_ arn: String) {
        if keyArns.last != arn { keyArns.append(arn) }
    }
}
