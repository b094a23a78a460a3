/// One compiled policy statement: everything evaluation needs, nothing it must parse.
/// A class so that walking a policy's statements copies no fields.
final class Statement: Sendable {
    enum Effect: Sendable { case allow, deny }

    enum PrincipalClause: Sendable {
        /// Identity policies: the identity the policy is attached to.
        case attached
        case principal(PrincipalSet)
        case notPrincipal(PrincipalSet)
    }

    enum ActionClause: Sendable {
        case action([Glob])
        case notAction([Glob])
    }

    enum ResourceClause: Sendable {
        /// `"*"`, and trust policies (whose resource is the role they belong to).
        case any
        /// A key-policy statement without Resource: AWS stored those but they never applied.
        case never
        case resource([ArnPattern])
        case notResource([ArnPattern])
    }

    let effect: Effect
    let ref: StatementRef
    /// "key policy default#0 (Sid …)": built once, since an allowed request reports it.
    let label: String
    let principal: PrincipalClause
    let actions: ActionClause
    let resources: ResourceClause
    let conditions: [Condition]

    init(
        effect: Effect, ref: StatementRef, label: String, principal: PrincipalClause, actions: ActionClause,
        resources: ResourceClause, conditions: [Condition]
    ) {
        self.effect = effect
        self.ref = ref
        self.label = label
        self.principal = principal
        self.actions = actions
        self.resources = resources
        self.conditions = conditions
    }

    @inline(__always)
    func principalMatch(_ caller: Principal) -> PrincipalMatch {
        switch principal {
        case .attached: .direct
        case .principal(let set): set.match(caller)
        // "Everyone except …" names the caller no more specifically than "*" does.
        case .notPrincipal(let set): set.excludes(caller) ? .none : .direct
        }
    }

    /// `action` is the request's action as UTF-8; patterns are lowercased, so the comparison
    /// folds ASCII case (IAM action names are case-insensitive).
    @inline(__always)
    func actionMatches(_ action: UnsafeBufferPointer<UInt8>) -> Bool {
        switch actions {
        case .action(let globs):
            for glob in globs where glob.matches(action, foldCase: true) { return true }
            return false
        case .notAction(let globs):
            for glob in globs where glob.matches(action, foldCase: true) { return false }
            return true
        }
    }

    func resourceMatches(_ resource: UnsafeBufferPointer<UInt8>, _ action: UnsafeBufferPointer<UInt8>, _ request: PolicyRequest) -> Bool {
        switch resources {
        case .any: return true
        case .never: return false
        case .resource(let patterns):
            return patterns.contains { Self.matches($0, resource, action, request) }
        case .notResource(let patterns):
            return !patterns.contains { Self.matches($0, resource, action, request) }
        }
    }

    /// The resource `"*"` stands for "no particular resource" (CreateKey, ListKeys, …). The
    /// guide allows an account-scoped pattern there (`arn:aws:kms:REGION:ACCOUNT:*`,
    /// G:14913): such a pattern matches when its service is the action's and its account the
    /// caller's; the region is not known here and is not checked.
    private static func matches(
        _ pattern: ArnPattern, _ resource: UnsafeBufferPointer<UInt8>, _ action: UnsafeBufferPointer<UInt8>,
        _ request: PolicyRequest
    ) -> Bool {
        if resource.count == 1, resource[0] == UInt8(ascii: "*") {
            if pattern.isEverything { return true }
            var service = action.count
            for index in 0..<action.count where action[index] == UInt8(ascii: ":") {
                service = index
                break
            }
            return pattern.matchesAccountWide(
                service: UnsafeBufferPointer(rebasing: action[0..<service]), account: request.principal.account,
                context: request.context
            )
        }
        return pattern.matches(resource, context: request.context)
    }

    @inline(__always)
    func conditionsHold(_ context: any ConditionContext) -> Bool {
        for condition in conditions where !condition.holds(context) { return false }
        return true
    }
}
