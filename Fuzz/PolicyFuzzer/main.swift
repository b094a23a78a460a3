import TrentJSON
import TrentPolicy

/// libFuzzer entry point: any bytes as a policy document of each kind; whatever compiles is
/// printed and evaluated against a fixed request whose context answers every key, so that the
/// condition operators, policy variables and ARN matching all run on fuzzed values.
/// Built and run by scripts/fuzz-policy.

private struct FuzzContext: ConditionContext {
    func values(forLowercasedKey key: String) -> ConditionValues {
        switch key.utf8.count % 4 {
        case 0: .absent
        case 1: .single("arn:aws:iam::111122223333:user/alice")
        case 2: .multiple(["Encrypt", "10.0.0.1", "2024-03-01T00:00:00Z", ""])
        default: .single("2001:db8::1")
        }
    }
}

private let principals = [
    Principal(kind: .user, account: "111122223333", arn: "arn:aws:iam::111122223333:user/alice", name: "alice",
              sessionName: nil, roleArn: nil, userId: "AIDAALICE", tags: ["team": "blue"]),
    Principal(kind: .assumedRole, account: "111122223333", arn: "arn:aws:sts::111122223333:assumed-role/Admin/s",
              name: "Admin", sessionName: "s", roleArn: "arn:aws:iam::111122223333:role/Admin", userId: "AROA:s", tags: [:]),
    Principal(kind: .root, account: "444455556666", arn: "arn:aws:iam::444455556666:root", name: "",
              sessionName: nil, roleArn: nil, userId: "444455556666", tags: [:]),
]

private let keyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for kind in [PolicyKind.key, .identity, .trust] {
        guard let policy = try? CompiledPolicy.compile(text, kind: kind) else { continue }
        // The canonical text must itself compile to the same decisions' input.
        precondition((try? CompiledPolicy.compile(policy.text, kind: kind)) != nil, "printed policy does not compile")
        for principal in principals {
            for (action, resource) in [("kms:Encrypt", keyArn), ("kms:CreateKey", "*"), ("sts:AssumeRole", "arn:aws:iam::111122223333:role/Admin")] {
                _ = policy.evaluate(PolicyRequest(principal: principal, action: action, resource: resource, context: FuzzContext()))
                _ = AccessDecision.decide(AccessDecision.Inputs(
                    principal: principal, action: action, resource: resource, resourceAccount: "111122223333",
                    keyPolicy: kind == .identity ? nil : policy, identityPolicies: kind == .identity ? [("fuzz", policy)] : [],
                    grant: nil, crossAccountAllowed: true, context: FuzzContext()
                ))
            }
        }
    }
    return 0
}
