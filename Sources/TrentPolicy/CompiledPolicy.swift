import TrentJSON

/// A policy document parsed, validated and compiled once; evaluated per request without
/// touching JSON, splitting strings or (for statements without conditions) allocating.
public struct CompiledPolicy: Sendable {
    /// Canonical re-serialization: the GetKeyPolicy form of `PolicyPrinter`.
    public let text: String
    /// The document as given (duplicates and key order kept), for callers that re-render it.
    public let document: JSONValue
    public let kind: PolicyKind
    let statements: [Statement]
    private let dependsOnContext: Bool

    /// false => decisions do not depend on the request context (no conditions, no policy
    /// variables in Resource), so a caller may cache them per (principal, action, resource).
    public var usesConditions: Bool { dependsOnContext }

    /// The name statements carry in `StatementRef`: KMS calls every key policy "default";
    /// identity policies are renamed by `AccessDecision` after the caller's policy names.
    static func policyName(_ kind: PolicyKind) -> String {
        switch kind {
        case .key: "default"
        case .identity: "identity"
        case .trust: "AssumeRolePolicyDocument"
        }
    }

    /// How decisions name the policy kind: "key policy default#0".
    static func label(_ kind: PolicyKind) -> String {
        switch kind {
        case .key: "key policy"
        case .identity: "identity policy"
        case .trust: "trust policy"
        }
    }

    /// Parses and validates. Errors are AWS's (KMSError): MalformedPolicyDocumentException with
    /// AWS's texts, LimitExceededException for a key policy over 32768 bytes, InvalidArnException
    /// "An ARN in the specified key policy is invalid." for a syntactically bad principal ARN,
    /// "Policy contains a statement with one or more invalid principals." when `principalExists`
    /// says an IAM user/role (or an STS session's role) does not exist.
    public static func compile(
        _ text: String, kind: PolicyKind, principalExists: (String) -> Bool = { _ in true }
    ) throws(KMSError) -> CompiledPolicy {
        if kind == .key, text.utf8.count > PolicyMessages.maxKeyPolicyBytes { throw PolicyMessages.tooLarge }
        let document: JSONValue
        do {
            document = try JSONParser.parse(Array(text.utf8))
        } catch {
            throw PolicyMessages.notJSON
        }
        return try DocumentCompiler.compile(document, kind: kind, principalExists: principalExists)
    }

    /// As `compile(_:kind:principalExists:)` for a document that arrived in another notation
    /// (YAML identity definitions). A key policy's size is measured on its compact JSON form.
    public static func compile(
        _ document: JSONValue, kind: PolicyKind, principalExists: (String) -> Bool = { _ in true }
    ) throws(KMSError) -> CompiledPolicy {
        if kind == .key, JSONWriter.encode(document).count > PolicyMessages.maxKeyPolicyBytes {
            throw PolicyMessages.tooLarge
        }
        return try DocumentCompiler.compile(document, kind: kind, principalExists: principalExists)
    }

    init(text: String, document: JSONValue, kind: PolicyKind, statements: [Statement]) {
        self.text = text
        self.document = document
        self.kind = kind
        self.statements = statements
        dependsOnContext = statements.contains { statement in
            if !statement.conditions.isEmpty { return true }
            switch statement.resources {
            case .resource(let patterns), .notResource(let patterns): return patterns.contains(where: \.hasVariables)
            case .any, .never: return false
            }
        }
    }

    public func evaluate(_ request: PolicyRequest) -> PolicyEvaluation {
        let matches = match(request)
        return PolicyEvaluation(
            explicitDeny: matches.deny.map { statements[$0].ref },
            directAllow: matches.direct.map { statements[$0].ref },
            accountAllow: matches.account.map { statements[$0].ref }
        )
    }

    /// Positions of the matching statements; `evaluate` and `AccessDecision` name them.
    struct Matches {
        var deny: Int?
        var direct: Int?
        var account: Int?
    }

    func match(_ request: PolicyRequest) -> Matches {
        var action = request.action
        var resource = request.resource
        return action.withUTF8 { actionBytes in
            resource.withUTF8 { resourceBytes in
                match(request, actionBytes, resourceBytes)
            }
        }
    }

    private func match(
        _ request: PolicyRequest, _ action: UnsafeBufferPointer<UInt8>, _ resource: UnsafeBufferPointer<UInt8>
    ) -> Matches {
        var result = Matches()
        for index in statements.indices {
            let statement = statements[index]
            let match = statement.principalMatch(request.principal)
            if match == .none { continue }
            switch statement.effect {
            case .deny:
                guard statement.actionMatches(action), statement.resourceMatches(resource, action, request),
                      statement.conditionsHold(request.context)
                else { continue }
                result.deny = index
                return result
            case .allow:
                if result.direct != nil || (match == .account && result.account != nil) { continue }
                guard statement.actionMatches(action), statement.resourceMatches(resource, action, request),
                      statement.conditionsHold(request.context)
                else { continue }
                if match == .direct {
                    result.direct = index
                } else {
                    result.account = index
                }
            }
        }
        return result
    }
}

/// The document-level grammar: Version, Id, Statement.
enum DocumentCompiler {
    static let topLevel: Set<String> = ["Version", "Id", "Statement"]

    static func compile(
        _ document: JSONValue, kind: PolicyKind, principalExists: (String) -> Bool
    ) throws(KMSError) -> CompiledPolicy {
        guard case .object(let top) = document else { throw PolicyMessages.notObject }
        for key in top.keys where !topLevel.contains(key) { throw PolicyMessages.unsupportedTopLevel(key) }
        var variables = false
        if let version = top["Version"] {
            switch version {
            case .string("2012-10-17"): variables = true
            case .string("2008-10-17"): variables = false
            default: throw PolicyMessages.badVersion
            }
        }
        if let id = top["Id"] {
            guard case .string = id else { throw PolicyMessages.badId }
        }
        let elements: [JSONValue]
        switch top["Statement"] {
        case .object?: elements = [top["Statement"]!]
        case .array(let list)?:
            guard !list.isEmpty else { throw PolicyMessages.emptyStatements }
            elements = list
        default: throw PolicyMessages.noStatement
        }
        var compiler = StatementCompiler(kind: kind, policyName: CompiledPolicy.policyName(kind), variables: variables)
        var statements: [Statement] = []
        statements.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            statements.append(try compiler.compile(element, index: index))
        }
        for arn in compiler.principals.toCheck where !principalExists(arn) {
            throw PolicyMessages.invalidPrincipals
        }
        return CompiledPolicy(text: PolicyPrinter.pretty(document), document: document, kind: kind, statements: statements)
    }
}
