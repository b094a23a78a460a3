import Foundation

/// Who is calling, where, and when: everything an operation needs besides its parameters.
public struct RequestContext: Sendable {
    public let requestId: String
    public let account: String
    public let region: String
    public let userName: String
    public let accessKeyId: String
    public let now: Date

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
