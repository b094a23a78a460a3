import Foundation
import TrentAPI
import TrentAuth
import TrentJSON

/// One audit record, shaped like a CloudTrail event for KMS: who called, what, on which keys,
/// from where, and how it ended. Request parameters are copied only from an allow-list, so
/// plaintexts, ciphertexts, messages, signatures, MACs, policies and grant tokens never
/// reach the log.
struct AuditEvent: Sendable {
    static let loggedParameters: Set<String> = [
        "KeyId", "SourceKeyId", "DestinationKeyId", "TargetKeyId", "AliasName", "Description",
        "EncryptionContext", "SourceEncryptionContext", "DestinationEncryptionContext",
        "EncryptionAlgorithm", "SourceEncryptionAlgorithm", "DestinationEncryptionAlgorithm",
        "KeySpec", "CustomerMasterKeySpec", "KeyUsage", "Origin", "MultiRegion", "NumberOfBytes", "KeyPairSpec",
        "SigningAlgorithm", "MessageType", "MacAlgorithm", "KeyAgreementAlgorithm", "PendingWindowInDays",
        "PolicyName", "Tags", "TagKeys", "Limit", "Marker", "DryRun", "BypassPolicyLockoutSafetyCheck",
    ]

    var requestId: String
    var eventId = RequestID.make()
    var time: Date
    var operation: String
    var caller: Credential?
    var region: String?
    var sourceAddress: String?
    var userAgent: String?
    var parameters: JSONObject?
    var resources: [String]
    var errorCode: String?
    var errorMessage: String?
    var eventSource = "kms.amazonaws.com"
    /// "AwsApiCall", or "AwsServiceEvent" for what Trent did by itself (rotation, expiry).
    var eventType = "AwsApiCall"
    /// The Trent node that served the call (not a CloudTrail field; Trent's own).
    var nodeId: String?
    /// The account a service event concerns, where there is no caller to name it.
    var serviceEventAccount: String?
    /// What allowed or refused each action (policy and statement, or grant): for operators
    /// reading the trail, never part of a response.
    var authorizations: [AuthorizationRecord] = []

    /// The record as one JSON line, written field by field: it is built for every call, so
    /// it goes straight to bytes rather than through a `JSONValue` tree.
    func json() -> [UInt8] {
        var out = JSONWriter(capacity: 1024)
        out.beginObject()
        out.key("eventVersion"); out.string("1.08")
        if let caller {
            writeIdentity(caller, &out)
        }
        out.key("eventTime"); out.string(Self.iso8601(time))
        out.key("eventSource"); out.string(eventSource)
        out.key("eventName"); out.string(operation)
        out.key("awsRegion"); out.optionalString(region)
        out.key("sourceIPAddress"); out.optionalString(sourceAddress)
        out.key("userAgent"); out.optionalString(userAgent)
        out.key("requestParameters")
        if let parameters {
            out.beginObject()
            for pair in parameters.pairs where Self.loggedParameters.contains(pair.key) {
                out.key(pair.key)
                out.value(pair.value)
            }
            out.endObject()
        } else {
            out.null()
        }
        out.key("requestID"); out.string(requestId)
        out.key("eventID"); out.string(eventId)
        out.key("readOnly"); out.bool(Self.isReadOnly(operation))
        out.key("resources")
        out.beginArray()
        for arn in resources {
            out.beginObject()
            out.key("accountId"); out.string(caller?.accountId ?? serviceEventAccount ?? "")
            out.key("type"); out.string("AWS::KMS::Key")
            out.key("ARN"); out.string(arn)
            out.endObject()
        }
        out.endArray()
        out.key("eventType"); out.string(eventType)
        if let nodeId { out.key("trentNodeId"); out.string(nodeId) }
        out.key("recipientAccountId"); out.optionalString(caller?.accountId ?? serviceEventAccount)
        if eventType == "AwsServiceEvent", let arn = resources.first {
            out.key("serviceEventDetails")
            out.beginObject()
            out.key("keyId"); out.string(arn)
            out.endObject()
        }
        if let errorCode {
            out.key("errorCode"); out.string(errorCode)
            out.key("errorMessage"); out.string(errorMessage ?? "")
        }
        if !authorizations.isEmpty {
            out.key("additionalEventData")
            out.beginObject()
            out.key("authorization")
            out.beginArray()
            for record in authorizations { out.string(record.description) }
            out.endArray()
            out.endObject()
        }
        out.endObject()
        return out.bytes
    }

    /// CloudTrail's `userIdentity` for the three kinds of caller.
    private func writeIdentity(_ caller: Credential, _ out: inout JSONWriter) {
        let principal = caller.principal
        out.key("userIdentity")
        out.beginObject()
        switch principal.kind {
        case .user: out.key("type"); out.string("IAMUser")
        case .assumedRole: out.key("type"); out.string("AssumedRole")
        case .root: out.key("type"); out.string("Root")
        }
        out.key("principalId"); out.string(principal.userId)
        out.key("arn"); out.string(principal.arn)
        out.key("accountId"); out.string(principal.account)
        out.key("accessKeyId"); out.string(caller.accessKeyId)
        if principal.kind == .user {
            out.key("userName"); out.string(principal.name)
        }
        if principal.kind == .assumedRole, let roleArn = principal.roleArn {
            out.key("sessionContext")
            out.beginObject()
            out.key("sessionIssuer")
            out.beginObject()
            out.key("type"); out.string("Role")
            out.key("principalId"); out.string(String(principal.userId.prefix { $0 != ":" }))
            out.key("arn"); out.string(roleArn)
            out.key("accountId"); out.string(principal.account)
            out.key("userName"); out.string(principal.name)
            out.endObject()
            out.endObject()
        }
        out.endObject()
    }

    static let readOnlyOperations: Set<String> = [
        "Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
        "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateRandom", "GenerateMac",
        "VerifyMac", "Sign", "Verify", "DeriveSharedSecret",
    ]

    static func isReadOnly(_ operation: String) -> Bool {
        operation.hasPrefix("Describe") || operation.hasPrefix("List") || operation.hasPrefix("Get")
            || readOnlyOperations.contains(operation)
    }

    static func iso8601(_ date: Date) -> String {
        AuditTime.format(date)
    }
}
