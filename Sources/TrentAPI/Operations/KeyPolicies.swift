import TrentDomain

extension KMSService {
    /// Every key has exactly one policy, named "default".
    static let policyName = "default"

    func getKeyPolicy(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOnly, context: c)
        try checkPolicyName(p)
        return Wire.object([("Policy", .string(live.record.policy)), ("PolicyName", .string(Self.policyName))])
    }

    func listKeyPolicies(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        _ = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOnly, context: c)
        return Wire.object([("PolicyNames", .array([.string(Self.policyName)])), ("Truncated", .bool(false))])
    }

    func putKeyPolicy(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        try checkPolicyName(p)
        let policy = p.string("Policy") ?? ""
        try PolicyDocumentValidator.validate(policy)
        try await changeState(p, c, operation: .putKeyPolicy) { record in
            record.policy = policy
        }
        return Wire.object([])
    }

    func checkPolicyName(_ p: JSONObject) throws(KMSError) {
        if let name = p.string("PolicyName"), name != Self.policyName {
            throw .notFound("No such policy exists")
        }
    }
}
