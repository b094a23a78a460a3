import TrentJSON

/// Validates one statement against the grammar of its policy kind and compiles it.
///
/// | element            | key policy           | identity policy | trust policy |
/// |--------------------|----------------------|-----------------|--------------|
/// | Principal/Not…     | required             | forbidden       | required     |
/// | Action/NotAction   | required             | required        | required     |
/// | Resource           | only "*"; may be missing (the statement then never applies, as AWS stored such statements) | required (or NotResource) | forbidden |
/// | NotResource        | forbidden            | allowed         | forbidden    |
struct StatementCompiler {
    let kind: PolicyKind
    let policyName: String
    /// Policy variables (and their escapes) are recognised only in Version 2012-10-17.
    let variables: Bool
    var principals = PrincipalCompiler()

    static let elements: Set<String> = [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    ]

    mutating func compile(_ value: JSONValue, index: Int) throws(KMSError) -> Statement {
        guard case .object(let statement) = value else { throw PolicyMessages.statementNotObject }
        for key in statement.keys where !Self.elements.contains(key) {
            throw PolicyMessages.unsupportedStatementElement(key)
        }
        let sid = try self.sid(statement["Sid"])
        let effect: Statement.Effect
        switch statement["Effect"] {
        case .string("Allow")?: effect = .allow
        case .string("Deny")?: effect = .deny
        default: throw PolicyMessages.badEffect
        }
        let principal = try principalClause(statement)
        let actions = try actionClause(statement)
        let resources = try resourceClause(statement)
        var conditions: [Condition] = []
        if let element = statement["Condition"] {
            conditions = try ConditionCompiler(variables: variables).compile(element, effectIsAllow: effect == .allow)
        }
        let ref = StatementRef(policyName: policyName, sid: sid, index: index)
        return Statement(
            effect: effect, ref: ref, label: "\(CompiledPolicy.label(kind)) \(ref.description)",
            principal: principal, actions: actions, resources: resources, conditions: conditions
        )
    }

    private func sid(_ value: JSONValue?) throws(KMSError) -> String? {
        guard let value else { return nil }
        guard case .string(let sid) = value else { throw PolicyMessages.badSid }
        // Key policies allow spaces in Sid (G:9090); IAM documents are alphanumeric (G:9114).
        if kind != .key, !sid.utf8.allSatisfy({ Self.isAlphanumeric($0) }) { throw PolicyMessages.sidNotAlphanumeric }
        return sid
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || (byte | 0x20) &- UInt8(ascii: "a") < 26
    }

    private mutating func principalClause(_ statement: JSONObject) throws(KMSError) -> Statement.PrincipalClause {
        let principal = statement["Principal"]
        let notPrincipal = statement["NotPrincipal"]
        if kind == .identity {
            guard principal == nil, notPrincipal == nil else { throw PolicyMessages.principalNotAllowed }
            return .attached
        }
        switch (principal, notPrincipal) {
        case (nil, nil): throw PolicyMessages.noPrincipal
        case (.some, .some): throw PolicyMessages.both("Principal", "NotPrincipal")
        case (let value?, nil): return .principal(try principals.compile(value))
        case (nil, let value?): return .notPrincipal(try principals.compile(value))
        }
    }

    private func actionClause(_ statement: JSONObject) throws(KMSError) -> Statement.ActionClause {
        switch (statement["Action"], statement["NotAction"]) {
        case (nil, nil): throw PolicyMessages.noActions
        case (.some, .some): throw PolicyMessages.both("Action", "NotAction")
        case (let value?, nil): return .action(try Self.actionPatterns(value, "Action"))
        case (nil, let value?): return .notAction(try Self.actionPatterns(value, "NotAction"))
        }
    }

    /// `service:Action` with wildcards, or `*`; lowercased once so matching only folds the
    /// request's side.
    private static func actionPatterns(_ value: JSONValue, _ element: String) throws(KMSError) -> [Glob] {
        try DocumentReader.stringList(value, element: element).map { (text: String) throws(KMSError) -> Glob in
            if text != "*" {
                let parts = text.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw PolicyMessages.vendorPrefix }
            }
            return Glob(pattern: text, lowercase: true)
        }
    }

    private func resourceClause(_ statement: JSONObject) throws(KMSError) -> Statement.ResourceClause {
        let resource = statement["Resource"]
        let notResource = statement["NotResource"]
        switch kind {
        case .trust:
            if resource != nil { throw PolicyMessages.prohibited("Resource") }
            if notResource != nil { throw PolicyMessages.prohibited("NotResource") }
            return .any
        case .key:
            if notResource != nil { throw PolicyMessages.keyPolicyNotResource }
            guard let resource else { return .never }
            let values = try DocumentReader.stringList(resource, element: "Resource")
            guard values.allSatisfy({ $0 == "*" }) else { throw PolicyMessages.keyPolicyResource }
            return .any
        case .identity:
            switch (resource, notResource) {
            case (nil, nil): throw PolicyMessages.noResources
            case (.some, .some): throw PolicyMessages.both("Resource", "NotResource")
            case (let value?, nil):
                let patterns = try resourcePatterns(value, "Resource")
                return patterns.contains(where: \.isEverything) ? .any : .resource(patterns)
            case (nil, let value?):
                return .notResource(try resourcePatterns(value, "NotResource"))
            }
        }
    }

    private func resourcePatterns(_ value: JSONValue, _ element: String) throws(KMSError) -> [ArnPattern] {
        try DocumentReader.stringList(value, element: element).map { (text: String) throws(KMSError) -> ArnPattern in
            guard text == "*" || text.hasPrefix("arn:") else { throw PolicyMessages.resourceNotArn(text) }
            return ArnPattern(ValueTemplate(parsing: text, variables: variables))
        }
    }
}
