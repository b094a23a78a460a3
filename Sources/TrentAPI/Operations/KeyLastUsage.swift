import Foundation
import TrentDomain
import TrentStorage

extension KMSService {
    /// The operations GetKeyLastUsage reports: those that use key material.
    static func usesKeyMaterial(_ operation: KMSOperation) -> Bool {
        switch operation {
        case .encrypt, .decrypt, .reEncrypt, .generateDataKey, .generateDataKeyWithoutPlaintext,
             .generateDataKeyPair, .generateDataKeyPairWithoutPlaintext, .sign, .verify,
             .generateMac, .verifyMac, .deriveSharedSecret:
            return true
        default:
            return false
        }
    }

    /// Notes a successful cryptographic call against every key it used (ReEncrypt: both).
    func recordUse(_ c: RequestContext) {
        guard let usage, Self.usesKeyMaterial(c.operation) else { return }
        for arn in c.resources.keyArns {
            usage.record(KeyLastUse(keyArn: arn, operation: c.operation.rawValue, time: c.now, eventId: c.eventId, requestId: c.requestId))
        }
    }

    /// Writes recorded uses to the store every `interval`, and once more when cancelled.
    public func runUsageFlusher(interval: Duration = .seconds(1)) async {
        guard let usage else { return }
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            do {
                try await usage.flush(to: store)
            } catch {
                logger.error("recording key last use failed; will retry", metadata: ["error": "\(type(of: error))"])
            }
        }
        // The store refuses work from a cancelled task: the last flush runs in one of its own.
        let store = self.store
        try? await Task.detached { try await usage.flush(to: store) }.value
    }

    func getKeyLastUsage(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let live = try keyOnlyKey(p, c)
        var fields: [(String, JSONValue)] = [("KeyId", .string(live.record.arn))]
        if let use = usage?.lastUse(keyArn: live.record.arn) {
            fields.append(("KeyLastUsage", Wire.object([
                ("Operation", .string(use.operation)),
                ("Timestamp", Wire.date(use.time)),
                ("CloudTrailEventId", .string(use.eventId)),
                ("KmsRequestId", .string(use.requestId)),
            ])))
        }
        fields.append(("TrackingStartDate", Wire.date(max(trackingStart, live.record.creationDate))))
        fields.append(("KeyCreationDate", Wire.date(live.record.creationDate)))
        return Wire.object(fields)
    }
}
