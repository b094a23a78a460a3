import TrentAPI

/// Service events are audited like calls, as CloudTrail records `RotateKey` or
/// `DeleteExpiredKeyMaterial`: no caller, the key as the resource.
extension AuditLog: ServiceEventSink {
    public func record(_ event: ServiceEvent) {
        var audit = AuditEvent(
            requestId: RequestID.make(), time: event.time, operation: event.name, caller: nil, region: event.region,
            sourceAddress: "kms.amazonaws.com", userAgent: "kms.amazonaws.com", parameters: nil,
            resources: [event.keyArn], errorCode: nil, errorMessage: nil
        )
        audit.eventType = "AwsServiceEvent"
        audit.serviceEventAccount = event.account
        audit.nodeId = nodeId
        record(audit.json())
    }
}
