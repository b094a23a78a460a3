import TrentDomain

/// Checks that a key policy is a JSON document in the IAM policy grammar, within the key
/// policy size limit. It does not evaluate the policy; it refuses what AWS refuses to store.
enum PolicyDocumentValidator {
    /// Key policies are limited to 32 KiB, a limit the API model's 131072 does not show.
    static let maxBytes = 32_768

    static let statementKeys: Set<String> = [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    ]
    static let principalKinds: Set<String> = ["AWS", "Service", "Federated", "CanonicalUser"]

    static func validate(_ text: String) throws(KMSError) {
        if text.utf8.count > maxBytes {
            throw KMSError("LimitExceededException", "The key policy exceeds the maximum size of \(maxBytes) bytes.")
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(Array(text.utf8))
        } catch {
            throw malformed("The policy document is not valid JSON.")
        }
        guard case .object(let top) = document else {
            throw malformed("The policy document must be a JSON object.")
        }
        for key in top.keys where !["Version", "Id", "Statement"].contains(key) {
            throw malformed("The policy document contains an unsupported element: \(key).")
        }
        if let version = top["Version"] {
            guard case .string(let v) = version, v == "2012-10-17" || v == "2008-10-17" else {
                throw malformed("The policy document has an invalid Version; use \"2012-10-17\".")
            }
        }
        let statements: [JSONValue]
        switch top["Statement"] {
        case .object?: statements = [top["Statement"]!]
        case .array(let list)?: statements = list
        default: throw malformed("The policy document must contain a Statement element.")
        }
        guard !statements.isEmpty else { throw malformed("The policy document must contain at least one statement.") }
        for statement in statements { try validateStatement(statement) }
    }

    static func validateStatement(_ value: JSONValue) throws(KMSError) {
        guard case .object(let statement) = value else { throw malformed("Each policy statement must be a JSON object.") }
        for key in statement.keys where !statementKeys.contains(key) {
            throw malformed("A policy statement contains an unsupported element: \(key).")
        }
        guard case .string(let effect)? = statement["Effect"], effect == "Allow" || effect == "Deny" else {
            throw malformed("Each policy statement must have an Effect of Allow or Deny.")
        }
        let principal = statement["Principal"] ?? statement["NotPrincipal"]
        guard let principal else { throw malformed("Policy contains a statement with no principal.") }
        try validatePrincipal(principal)
        for key in ["Action", "NotAction", "Resource", "NotResource"] {
            if let field = statement[key], !isStringOrStringList(field) {
                throw malformed("The \(key) element of a policy statement must be a string or a list of strings.")
            }
        }
        if let condition = statement["Condition"] {
            guard case .object(let operators) = condition else {
                throw malformed("The Condition element of a policy statement must be a JSON object.")
            }
            for key in operators.keys {
                guard case .object? = operators[key] else {
                    throw malformed("Condition operator \(key) must map condition keys to values.")
                }
            }
        }
    }

    static func validatePrincipal(_ value: JSONValue) throws(KMSError) {
        if case .string("*") = value { return }
        guard case .object(let map) = value, !map.keys.isEmpty else { throw invalidPrincipal }
        for kind in map.keys {
            guard principalKinds.contains(kind), let entry = map[kind], isStringOrStringList(entry) else {
                throw invalidPrincipal
            }
            if kind == "AWS" {
                for name in strings(entry) where !isValidAWSPrincipal(name) { throw invalidPrincipal }
            }
        }
    }

    static func isValidAWSPrincipal(_ name: String) -> Bool {
        if name == "*" || KeyIdentifiers.isValidAccountId(name) { return true }
        let parts = name.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"),
              parts[2] == "iam" || parts[2] == "sts",
              KeyIdentifiers.isValidAccountId(String(parts[4]))
        else { return false }
        let resource = parts[5]
        if parts[2] == "sts" { return resource.hasPrefix("assumed-role/") || resource.hasPrefix("federated-user/") }
        return resource == "root" || resource.hasPrefix("user/") || resource.hasPrefix("role/")
    }

    static func isStringOrStringList(_ value: JSONValue) -> Bool {
        switch value {
        case .string: return true
        case .array(let items): return !items.isEmpty && items.allSatisfy { if case .string = $0 { true } else { false } }
        default: return false
        }
    }

    static func strings(_ value: JSONValue) -> [String] {
        switch value {
        case .string(let s): return [s]
        case .array(let items): return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        default: return []
        }
    }

    static let invalidPrincipal = malformed("Policy contains a statement with one or more invalid principals.")

    static func malformed(_ message: String) -> KMSError {
        KMSError("MalformedPolicyDocumentException", message)
    }
}
