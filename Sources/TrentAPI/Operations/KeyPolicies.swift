import TrentDomain
import TrentPolicy

extension KMSService {
    /// Every key has exactly one policy, named "default".
    static let policyName = "default"

    func getKeyPolicy(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOnly, context: c)
        try checkPolicyName(p)
        return Wire.object([("Policy", .string(Self.rendered(live.record.policy))), ("PolicyName", .string(Self.policyName))])
    }

    func listKeyPolicies(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        _ = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOnly, context: c)
        return Wire.object([("PolicyNames", .array([.string(Self.policyName)])), ("Truncated", .bool(false))])
    }

    func putKeyPolicy(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOnly, context: c)
        try checkPolicyName(p)
        let text = p.string("Policy") ?? ""
        let policy = try compileKeyPolicy(text)
        if p.bool("BypassPolicyLockoutSafetyCheck") != true {
            try authorizer.checkLockout(policy, keyArn: live.record.arn, keyAccount: live.record.account, c)
        }
        try await changeState(p, c, operation: .putKeyPolicy, policy: policy) { record in
            record.policy = text
        }
        return Wire.object([])
    }

    func checkPolicyName(_ p: JSONObject) throws(KMSError) {
        if let name = p.string("PolicyName"), name != Self.policyName {
            throw .notFound("No such policy exists")
        }
    }

    /// A key policy as CreateKey and PutKeyPolicy accept it: the grammar, 32 KiB, and
    /// principals that exist among Trent's identities.
    func compileKeyPolicy(_ text: String) throws(KMSError) -> CompiledPolicy {
        let directory = identities.current
        return try CompiledPolicy.compile(text, kind: .key, principalExists: { directory.principalExists($0) })
    }

    /// The policy of a key being made (CreateKey, ReplicateKey): the request's `Policy`,
    /// compiled and passed through the lockout safety check unless the request bypasses it,
    /// or the default key policy of `account`.
    func newKeyPolicy(_ p: JSONObject, keyArn: String, account: String, _ c: RequestContext) throws(KMSError) -> (text: String, compiled: CompiledPolicy) {
        guard let given = p.string("Policy") else {
            let text = DefaultKeyPolicy.document(account: account)
            return (text, try CompiledPolicy.compile(text, kind: .key))
        }
        let compiled = try compileKeyPolicy(given)
        if p.bool("BypassPolicyLockoutSafetyCheck") != true {
            try authorizer.checkLockout(compiled, keyArn: keyArn, keyAccount: account, c)
        }
        return (given, compiled)
    }

    /// AWS returns a key policy re-serialized in its own layout, not the bytes it was given.
    static func rendered(_ stored: String) -> String {
        guard let document = try? JSONParser.parse(Array(stored.utf8)) else { return stored }
        return PolicyPrinter.pretty(document)
    }
}
