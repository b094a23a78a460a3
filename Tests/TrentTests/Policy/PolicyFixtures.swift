import Testing
import TrentJSON
@testable import TrentPolicy

/// Callers and helpers shared by the policy tests.
enum PolicyFixtures {
    static let account = "111122223333"
    static let otherAccount = "444455556666"
    static let keyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    static let foreignKeyArn = "arn:aws:kms:us-east-1:444455556666:key/0987dcba-09fe-87dc-65ba-ab0987654321"

    static let alice = Principal(
        kind: .user, account: account, arn: "arn:aws:iam::111122223333:user/alice", name: "alice",
        sessionName: nil, roleArn: nil, userId: "AIDAALICE", tags: ["team": "blue"]
    )
    static let bob = Principal(
        kind: .user, account: account, arn: "arn:aws:iam::111122223333:user/eng/bob", name: "bob",
        sessionName: nil, roleArn: nil, userId: "AIDABOB", tags: [:]
    )
    static let session = Principal(
        kind: .assumedRole, account: account, arn: "arn:aws:sts::111122223333:assumed-role/Admin/work",
        name: "Admin", sessionName: "work", roleArn: "arn:aws:iam::111122223333:role/ops/Admin",
        userId: "AROAADMIN:work", tags: ["team": "red"]
    )
    static let root = Principal(
        kind: .root, account: account, arn: "arn:aws:iam::111122223333:root", name: "",
        sessionName: nil, roleArn: nil, userId: account, tags: [:]
    )
    static let carol = Principal(
        kind: .user, account: otherAccount, arn: "arn:aws:iam::444455556666:user/carol", name: "carol",
        sessionName: nil, roleArn: nil, userId: "AIDACAROL", tags: [:]
    )
    static let otherRoot = Principal(
        kind: .root, account: otherAccount, arn: "arn:aws:iam::444455556666:root", name: "",
        sessionName: nil, roleArn: nil, userId: otherAccount, tags: [:]
    )

    static func defaultKeyPolicy(_ account: String = account) -> String {
        #"{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(account):root"},"Action":"kms:*","Resource":"*"}]}"#
    }

    static func key(_ text: String) throws -> CompiledPolicy {
        try CompiledPolicy.compile(text, kind: .key)
    }

    static func identity(_ text: String) throws -> CompiledPolicy {
        try CompiledPolicy.compile(text, kind: .identity)
    }

    /// A key policy of one statement `{"Effect": …, "Principal": …, "Action": …, "Resource": "*", …extra}`.
    static func keyStatement(
        effect: String = "Allow", principal: String = #"{"AWS":"arn:aws:iam::111122223333:user/alice"}"#,
        action: String = #""kms:Encrypt""#, extra: String = ""
    ) throws -> CompiledPolicy {
        try key(#"{"Version":"2012-10-17","Statement":[{"Effect":"\#(effect)","Principal":\#(principal),"Action":\#(action),"Resource":"*"\#(extra)}]}"#)
    }

    /// An identity policy of one statement.
    static func identityStatement(
        effect: String = "Allow", action: String = #""kms:Encrypt""#, resource: String = #""*""#, extra: String = "",
        version: String = "2012-10-17"
    ) throws -> CompiledPolicy {
        try identity(#"{"Version":"\#(version)","Statement":{"Effect":"\#(effect)","Action":\#(action),"Resource":\#(resource)\#(extra)}}"#)
    }

    static func request(
        _ principal: Principal = alice, _ action: String = "kms:Encrypt", _ resource: String = keyArn,
        _ context: PolicyTestContext = PolicyTestContext()
    ) -> PolicyRequest {
        PolicyRequest(principal: principal, action: action, resource: resource, context: context)
    }

    /// The compile error, or nil when the document compiles.
    static func compileError(_ text: String, kind: PolicyKind = .key, exists: (String) -> Bool = { _ in true }) -> KMSError? {
        do {
            _ = try CompiledPolicy.compile(text, kind: kind, principalExists: exists)
            return nil
        } catch {
            return error
        }
    }
}

/// A ConditionContext backed by a dictionary. Keys are given in any case and stored lowercased,
/// the way Trent's real context answers.
struct PolicyTestContext: ConditionContext, Sendable {
    var values: [String: ConditionValues] = [:]

    init(_ values: [String: ConditionValues] = [:]) {
        for (key, value) in values { self.values[key.lowercased()] = value }
    }

    func values(forLowercasedKey key: String) -> ConditionValues {
        #expect(key == key.lowercased(), "condition keys must arrive lowercased")
        return values[key] ?? .absent
    }
}
