import Foundation
import TrentAPI
import TrentAuth

/// One audit record, shaped like a CloudTrail event for KMS: who called, what, on which keys,
/// from where, and how it ended. Request parameters are copied only from an allow-list, so
/// plaintexts, ciphertexts, messages, signatures, MACs, policies and grant tokens never
/// reach the log.
struct AuditEvent {
    static let loggedParameters: Set<String> = [
        "KeyId", "SourceKeyId", "DestinationKeyId", "TargetKeyId", "AliasName", "Description",
        "EncryptionContext", "SourceEncryptionContext", "DestinationEncryptionContext",
        "EncryptionAlgorithm", "SourceEncryptionAlgorithm", "DestinationEncryptionAlgorithm",
        "KeySpec", "CustomerMasterKeySpec", "KeyUsage", "Origin", "MultiRegion", "NumberOfBytes", "KeyPairSpec",
        "SigningAlgorithm", "MessageType", "MacAlgorithm", "KeyAgreementAlgorithm", "PendingWindowInDays",
        "PolicyName", "Tags", "TagKeys", "Limit", "Marker", "DryRun", "BypassPolicyLockoutSafetyCheck",
    ]

    var requestId: String
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

    func json() -> [UInt8] {
        var fields: [(key: String, value: JSONValue)] = [
            (key: "eventVersion", value: .string("1.08")),
        ]
        if let caller {
            fields.append((key: "userIdentity", value: .object(JSONObject([
                (key: "type", value: .string("IAMUser")),
                (key: "arn", value: .string(caller.principalArn)),
                (key: "accountId", value: .string(caller.accountId)),
                (key: "accessKeyId", value: .string(caller.accessKeyId)),
                (key: "userName", value: .string(caller.userName)),
            ]))))
        }
        fields += [
            (key: "eventTime", value: .string(Self.iso8601(time))),
            (key: "eventSource", value: .string("kms.amazonaws.com")),
            (key: "eventName", value: .string(operation)),
            (key: "awsRegion", value: region.map(JSONValue.string) ?? .null),
            (key: "sourceIPAddress", value: sourceAddress.map(JSONValue.string) ?? .null),
            (key: "userAgent", value: userAgent.map(JSONValue.string) ?? .null),
            (key: "requestParameters", value: parameters.map(Self.loggable) ?? .null),
            (key: "requestID", value: .string(requestId)),
            (key: "eventID", value: .string(RequestID.make())),
            (key: "readOnly", value: .bool(Self.isReadOnly(operation))),
            (key: "resources", value: .array(resources.map { arn in
                .object(JSONObject([
                    (key: "accountId", value: .string(caller?.accountId ?? "")),
                    (key: "type", value: .string("AWS::KMS::Key")),
                    (key: "ARN", value: .string(arn)),
                ]))
            })),
            (key: "eventType", value: .string("AwsApiCall")),
            (key: "recipientAccountId", value: caller.map { .string($0.accountId) } ?? .null),
        ]
        if let errorCode {
            fields.append((key: "errorCode", value: .string(errorCode)))
            fields.append((key: "errorMessage", value: .string(errorMessage ?? "")))
        }
        return JSONWriter.encode(.object(JSONObject(fields)))
    }

    static func loggable(_ parameters: JSONObject) -> JSONValue {
        .object(JSONObject(parameters.pairs.filter { loggedParameters.contains($0.key) }))
    }

    static func isReadOnly(_ operation: String) -> Bool {
        operation.hasPrefix("Describe") || operation.hasPrefix("List") || operation.hasPrefix("Get")
            || ["Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
                "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateRandom", "GenerateMac",
                "VerifyMac", "Sign", "Verify", "DeriveSharedSecret"].contains(operation)
    }

    static func iso8601(_ date: Date) -> String {
        AuditTime.format(date)
    }
}
