import TrentJSON

/// How a statement's Principal relates to the caller.
enum PrincipalMatch: Sendable {
    case none
    /// Only through the caller's account (its root ARN or bare id): a delegation to IAM.
    case account
    /// The caller itself, one of its roles, or everyone.
    case direct
}

/// The principals a Principal or NotPrincipal element names, split by how they match.
///
/// Trent callers are always AWS identities, so Service, Federated and CanonicalUser entries are
/// validated and kept for the printer but never match.
struct PrincipalSet: Sendable {
    var everyone = false
    /// Account ids from `arn:aws:iam::A:root` and bare `A`.
    var accounts: [String] = []
    /// User, role and assumed-role ARNs, matched exactly.
    var arns: [String] = []

    /// As a Principal element: `*` and the caller's own ARNs match directly, its account
    /// delegates — except for the root user, whom its own account names directly.
    @inline(__always)
    func match(_ caller: Principal) -> PrincipalMatch {
        if everyone { return .direct }
        if !arns.isEmpty {
            for arn in arns where arn == caller.arn || arn == caller.roleArn {
                return .direct
            }
        }
        for account in accounts where account == caller.account {
            return caller.kind == .root ? .direct : .account
        }
        return .none
    }

    /// As a NotPrincipal element, IAM's rule: the statement applies unless every identity the
    /// caller carries is listed — its ARN, its role's ARN for a session, and its account.
    /// (That is why IAM's guide tells you to list the account next to an exempted user.)
    func excludes(_ caller: Principal) -> Bool {
        if everyone { return true }
        guard accounts.contains(caller.account) else { return false }
        if caller.kind == .root { return true }
        guard arns.contains(caller.arn) else { return false }
        if let role = caller.roleArn, !arns.contains(role) { return false }
        return true
    }
}

/// Parses and validates a Principal/NotPrincipal element.
struct PrincipalCompiler {
    /// ARNs that must name existing identities, checked after the whole document parsed so a
    /// syntax error anywhere is reported before an unknown identity.
    var toCheck: [String] = []

    static let kinds: Set<String> = ["AWS", "Service", "Federated", "CanonicalUser"]

    mutating func compile(_ value: JSONValue) throws(KMSError) -> PrincipalSet {
        var set = PrincipalSet()
        switch value {
        case .string("*"):
            set.everyone = true
        case .object(let map):
            guard map.count > 0 else { throw PolicyMessages.noPrincipal }
            for (kind, entry) in DocumentReader.members(map) {
                guard Self.kinds.contains(kind) else { throw PolicyMessages.invalidPrincipals }
                let names = try Self.names(entry)
                if kind == "AWS" {
                    for name in names { try addAWS(name, to: &set) }
                } else if names.contains(where: \.isEmpty) {
                    throw PolicyMessages.invalidPrincipals
                }
            }
        default:
            throw PolicyMessages.invalidPrincipals
        }
        return set
    }

    private static func names(_ entry: JSONValue) throws(KMSError) -> [String] {
        switch entry {
        case .string(let name):
            return [name]
        case .array(let items):
            guard !items.isEmpty else { throw PolicyMessages.noPrincipal }
            var names: [String] = []
            for item in items {
                guard case .string(let name) = item else { throw PolicyMessages.invalidPrincipals }
                names.append(name)
            }
            return names
        default:
            throw PolicyMessages.invalidPrincipals
        }
    }

    private mutating func addAWS(_ name: String, to set: inout PrincipalSet) throws(KMSError) {
        switch PrincipalName.parse(name) {
        case .everyone:
            set.everyone = true
        case .account(let id):
            if !set.accounts.contains(id) { set.accounts.append(id) }
        case .identity(let arn):
            if !set.arns.contains(arn) { set.arns.append(arn) }
            toCheck.append(arn)
        case .federated:
            break
        case .invalid:
            throw PolicyMessages.invalidArn
        }
    }
}

/// The grammar of an `AWS` principal value.
enum PrincipalName: Equatable {
    case everyone
    case account(String)
    /// An IAM user or role, or an STS role session.
    case identity(String)
    /// `arn:aws:sts::A:federated-user/N`: valid, but no Trent caller has that form.
    case federated
    case invalid

    static func parse(_ name: String) -> PrincipalName {
        if name == "*" { return .everyone }
        if isAccountId(Substring(name)) { return .account(name) }
        let parts = name.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", isPartition(parts[1]), parts[3].isEmpty, isAccountId(parts[4])
        else { return .invalid }
        let resource = parts[5]
        switch parts[2] {
        case "iam":
            if resource == "root" { return .account(String(parts[4])) }
            if resource.hasPrefix("user/") || resource.hasPrefix("role/") {
                return isPathAndName(resource.dropFirst(5)) ? .identity(name) : .invalid
            }
            return .invalid
        case "sts":
            let pieces = resource.split(separator: "/", omittingEmptySubsequences: false)
            if pieces.count == 3, pieces[0] == "assumed-role", isName(pieces[1]), isName(pieces[2]) {
                return .identity(name)
            }
            if pieces.count == 2, pieces[0] == "federated-user", isName(pieces[1]) { return .federated }
            return .invalid
        default:
            return .invalid
        }
    }

    static func isAccountId(_ text: Substring) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
    }

    private static func isPartition(_ text: Substring) -> Bool {
        text == "aws" || text.hasPrefix("aws-")
    }

    /// IAM names: 1-64 of `[\w+=,.@-]` (role session names allow the same set).
    private static func isName(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 64 else { return false }
        return text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "_+=,.@-".utf8.contains(byte)
            }
        }
    }

    /// `[path/]name` where path segments are printable ASCII other than `/`, `*` and `?`.
    private static func isPathAndName(_ text: Substring) -> Bool {
        let segments = text.split(separator: "/", omittingEmptySubsequences: false)
        guard let last = segments.last, isName(last) else { return false }
        return segments.dropLast().allSatisfy { segment in
            !segment.isEmpty && segment.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "*") && $0 != UInt8(ascii: "?") }
        }
    }
}
