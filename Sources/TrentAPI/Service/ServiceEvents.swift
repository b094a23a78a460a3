import Foundation

/// Something Trent did on its own rather than for a caller (CloudTrail's `AwsServiceEvent`):
/// an automatic rotation, expired imported material deleted, a key deleted at the end of its
/// waiting period. Each one belongs in the audit trail beside the API calls.
public struct ServiceEvent: Sendable {
    public let name: String
    public let keyArn: String
    public let account: String
    public let region: String
    public let time: Date

    public init(name: String, keyArn: String, account: String, region: String, time: Date) {
        self.name = name
        self.keyArn = keyArn
        self.account = account
        self.region = region
        self.time = time
    }
}

/// Where service events go: the audit log in a server, nowhere in unit tests.
public protocol ServiceEventSink: Sendable {
    func record(_ event: ServiceEvent)
}

public struct DiscardedServiceEvents: ServiceEventSink {
    public init() {}
    public func record(_ event: ServiceEvent) {}
}
