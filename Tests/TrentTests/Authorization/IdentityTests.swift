import Foundation
import Testing
@testable import TrentAPI
import TrentAuth
import TrentCrypto
import TrentJSON
import TrentPolicy

@Suite struct IdentityTests {
    static let config = """
    accounts:
      - id: "111122223333"
        managedPolicies:
          - name: kms-users
            document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: ["kms:Encrypt", "kms:Decrypt"], Resource: "*"}]}
        users:
          - name: alice
            tags: {team: payments}
            accessKeys: [{id: AKIAALICEEXAMPLE0001, secret: "alice-secret-of-at-least-forty-characters-00"}]
            policies:
              - name: inline-1
                document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"*"}]}'
            managedPolicies: [kms-users]
          - name: bob
            accessKeys: [{id: AKIABOBEXAMPLE000001, secretEnv: BOB_SECRET}]
        groups:
          - name: ops
            members: [bob]
            policies:
              - name: ops-inline
                document: {Version: "2012-10-17", Statement: {Effect: Allow, Action: "kms:*", Resource: "*"}}
        roles:
          - name: app
            tags: {tier: web}
            maxSessionDuration: 7200
            trustPolicy: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::111122223333:user/alice"}, Action: "sts:AssumeRole"}]}
            policies:
              - name: app-inline
                document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "kms:Encrypt", Resource: "*"}]}
    """

    static let environment = ["BOB_SECRET": "bob-secret-of-at-least-forty-characters-00000"]

    static func directory(_ text: String = config) throws -> IdentityDirectory {
        try IdentityDirectory.build(IdentityConfigFile.parse(text, environment: environment))
    }

    @Test func usersCarryTheirOwnManagedAndGroupPolicies() throws {
        let directory = try Self.directory()
        let alice = try #require(directory.credential(forAccessKeyId: "AKIAALICEEXAMPLE0001"))
        #expect(alice.principalArn == "arn:aws:iam::111122223333:user/alice")
        #expect(alice.principal.tags == ["team": "payments"])
        #expect(alice.principal.userId.hasPrefix("AIDA") && alice.principal.userId.count == 21)
        #expect(alice.policies.map(\.name) == ["user/alice/inline-1", "managed/kms-users"])
        let bob = try #require(directory.credential(forAccessKeyId: "AKIABOBEXAMPLE000001"))
        #expect(bob.secretAccessKey == Self.environment["BOB_SECRET"])
        #expect(bob.policies.map(\.name) == ["group/ops/ops-inline"])
        let role = try #require(directory.role(arn: "arn:aws:iam::111122223333:role/app"))
        #expect(role.maxSessionDuration == 7200)
        #expect(role.policies.map(\.name) == ["role/app/app-inline"])
        #expect(directory.principalExists("arn:aws:iam::111122223333:user/alice"))
        #expect(directory.principalExists("arn:aws:sts::111122223333:assumed-role/app/any-session"))
        #expect(directory.principalExists("arn:aws:iam::999988887777:root"))
        #expect(!directory.principalExists("arn:aws:iam::111122223333:user/mallory"))
    }

    @Test(arguments: [
        ("accounts:\n  - id: \"111122223333\"\n    colour: blue\n", "accounts[0].colour", "unknown key 'colour'"),
        ("accounts:\n  - id: \"12\"\n", "accounts[0].id", "must be 12 digits"),
        ("accounts:\n  - id: \"111122223333\"\n    users:\n      - name: a\n        accessKeys: [{id: AKIAXXXXXXXXXXXXXXXX, secret: short}]\n", "accounts[0].users[0].accessKeys[0].secret", "at least 40"),
        ("accounts:\n  - id: \"111122223333\"\n    users:\n      - name: a\n        managedPolicies: [missing]\n", "accounts[0].users[0].managedPolicies[0]", "no managed policy named missing"),
        ("accounts:\n  - id: \"111122223333\"\n    groups:\n      - name: g\n        members: [ghost]\n", "accounts[0].groups[0].members[0]", "no user named ghost"),
        ("accounts:\n  - id: \"111122223333\"\n    users: {name: a}\n", "accounts[0].users", "expected a list"),
        ("accounts:\n  - id: \"111122223333\"\n    roles:\n      - name: r\n        trustPolicy: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Principal: {AWS: \"arn:aws:iam::111122223333:user/ghost\"}, Action: \"sts:AssumeRole\"}]}\n", "accounts[0].roles[0].trustPolicy", "invalid principals"),
        ("accounts:\n  - id: \"111122223333\"\n    users:\n      - name: a\n        policies:\n          - name: p\n            document: '{not json'\n", "accounts[0].users[0].policies[0].document", "not valid JSON"),
    ])
    func badConfigurationsNameThePathAndTheReason(text: String, path: String, reason: String) {
        do throws(IdentityDefinitionError) {
            _ = try IdentityDirectory.build(IdentityConfigFile.parse(text, environment: Self.environment))
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.path == path)
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }

    @Test func malformedYAMLNamesThePlaceButNotTheLine() {
        let text = "accounts:\n  - id: \"111122223333\"\n    users:\n      - name: a\n        accessKeys: [{id: AKIAXXXXXXXXXXXXXXXX, secret: \"top-secret-value-that-must-not-leak-000000\"\n"
        do {
            _ = try IdentityConfigFile.parse(text, environment: [:])
            Issue.record("accepted malformed YAML")
        } catch {
            #expect(error.reason.hasPrefix("not valid YAML"))
            #expect(error.reason.contains("line"))
            #expect(!error.description.contains("top-secret"))
        }
    }

    @Test func sessionTokensOpenOnlyUntampered() throws {
        let directory = try Self.directory()
        let rootKey = try RootKey(bytes: RootKey.generate())
        let tokens = SessionTokens(rootKey: rootKey)
        let role = try #require(directory.role(arn: "arn:aws:iam::111122223333:role/app"))
        let now = Date()
        let issued = try tokens.issue(role: role, sessionName: "s1", duration: 900, now: now)
        let id = issued.credential.accessKeyId
        #expect(id.hasPrefix("ASIA") && id.count == 20)
        #expect(issued.credential.principalArn == "arn:aws:sts::111122223333:assumed-role/app/s1")
        #expect(issued.credential.principal.roleArn == role.arn)
        #expect(issued.credential.principal.userId.hasSuffix(":s1") && issued.credential.principal.userId.hasPrefix("AROA"))
        #expect(abs(issued.expiration.timeIntervalSince(now) - 900) < 1)
        let opened = try #require(tokens.credential(accessKeyId: id, token: issued.sessionToken, directory: directory))
        #expect(opened.secretAccessKey == issued.credential.secretAccessKey)
        #expect(opened.principal == issued.credential.principal)
        #expect(opened.policies.map(\.name) == ["role/app/app-inline"])
        #expect(tokens.credential(accessKeyId: "ASIAOTHEROTHEROTHER1", token: issued.sessionToken, directory: directory) == nil)
        var tampered = Array(issued.sessionToken)
        tampered[tampered.count / 2] = tampered[tampered.count / 2] == "A" ? "B" : "A"
        #expect(tokens.credential(accessKeyId: id, token: String(tampered), directory: directory) == nil)
        let otherRoot = SessionTokens(rootKey: try RootKey(bytes: RootKey.generate()))
        #expect(otherRoot.credential(accessKeyId: id, token: issued.sessionToken, directory: directory) == nil)
        // The role's removal ends its sessions.
        #expect(tokens.credential(accessKeyId: id, token: issued.sessionToken, directory: .empty) == nil)
    }

    @Test func assumeRoleChecksTrustDurationAndNames() throws {
        let directory = try Self.directory()
        let registry = IdentityRegistry(directory, sessions: SessionTokens(rootKey: try RootKey(bytes: RootKey.generate())))
        let alice = try #require(directory.credential(forAccessKeyId: "AKIAALICEEXAMPLE0001"))
        let bob = try #require(directory.credential(forAccessKeyId: "AKIABOBEXAMPLE000001"))
        let assume = AssumeRole(registry: registry)
        let arn = "arn:aws:iam::111122223333:role/app"
        func run(_ fields: [String: String], _ caller: Credential) throws -> AssumeRole.Result {
            try assume.run(fields, caller: caller, sourceAddress: "127.0.0.1", secureTransport: false, now: Date())
        }
        let result = try run(["RoleArn": arn, "RoleSessionName": "s1"], alice)
        #expect(result.principal.arn == "arn:aws:sts::111122223333:assumed-role/app/s1")
        #expect(throws: KMSError("AccessDenied", "User: arn:aws:iam::111122223333:user/bob is not authorized to perform: sts:AssumeRole on resource: \(arn)", httpStatus: 403)) {
            _ = try run(["RoleArn": arn, "RoleSessionName": "s1"], bob)
        }
        #expect(throws: KMSError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", httpStatus: 400)) {
            _ = try run(["RoleArn": arn, "RoleSessionName": "s1", "DurationSeconds": "7201"], alice)
        }
        #expect(throws: KMSError("ValidationError", "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900", httpStatus: 400)) {
            _ = try run(["RoleArn": arn, "RoleSessionName": "s1", "DurationSeconds": "899"], alice)
        }
        #expect(throws: KMSError("ValidationError", "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*", httpStatus: 400)) {
            _ = try run(["RoleArn": arn, "RoleSessionName": "a b"], alice)
        }
    }
}
