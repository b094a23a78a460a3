/// A parsed condition operator name such as `ForAnyValue:StringNotLikeIfExists`.
struct ConditionOperator: Sendable, Hashable {
    enum Family: Sendable, Hashable {
        case stringEquals, stringEqualsIgnoreCase, stringLike
        case numeric(Comparison)
        case date(Comparison)
        case bool, binaryEquals, ipAddress, arnLike, null
    }

    enum Comparison: Sendable, Hashable {
        case equals, lessThan, lessThanEquals, greaterThan, greaterThanEquals

        func holds<T: Comparable>(_ request: T, _ policy: T) -> Bool {
            switch self {
            case .equals: request == policy
            case .lessThan: request < policy
            case .lessThanEquals: request <= policy
            case .greaterThan: request > policy
            case .greaterThanEquals: request >= policy
            }
        }
    }

    enum SetQualifier: Sendable, Hashable { case none, forAnyValue, forAllValues }

    let name: String
    let family: Family
    /// `…Not…` operators: true when no policy value matches, and when the key is missing.
    let negated: Bool
    let ifExists: Bool
    let qualifier: SetQualifier

    private static let families: [String: (Family, Bool)] = [
        "stringequals": (.stringEquals, false),
        "stringnotequals": (.stringEquals, true),
        "stringequalsignorecase": (.stringEqualsIgnoreCase, false),
        "stringnotequalsignorecase": (.stringEqualsIgnoreCase, true),
        "stringlike": (.stringLike, false),
        "stringnotlike": (.stringLike, true),
        "numericequals": (.numeric(.equals), false),
        "numericnotequals": (.numeric(.equals), true),
        "numericlessthan": (.numeric(.lessThan), false),
        "numericlessthanequals": (.numeric(.lessThanEquals), false),
        "numericgreaterthan": (.numeric(.greaterThan), false),
        "numericgreaterthanequals": (.numeric(.greaterThanEquals), false),
        "dateequals": (.date(.equals), false),
        "datenotequals": (.date(.equals), true),
        "datelessthan": (.date(.lessThan), false),
        "datelessthanequals": (.date(.lessThanEquals), false),
        "dategreaterthan": (.date(.greaterThan), false),
        "dategreaterthanequals": (.date(.greaterThanEquals), false),
        "bool": (.bool, false),
        "binaryequals": (.binaryEquals, false),
        "ipaddress": (.ipAddress, false),
        "notipaddress": (.ipAddress, true),
        // IAM documents ArnEquals and ArnLike as the same component-wise match with wildcards.
        "arnequals": (.arnLike, false),
        "arnlike": (.arnLike, false),
        "arnnotequals": (.arnLike, true),
        "arnnotlike": (.arnLike, true),
        "null": (.null, false),
    ]

    /// nil for an unknown operator. Operator names are matched case-insensitively, as IAM does
    /// for condition keys; the printer keeps the document's spelling.
    init?(_ name: String) {
        var rest = Substring(name.lowercased())
        var qualifier = SetQualifier.none
        if rest.hasPrefix("foranyvalue:") {
            qualifier = .forAnyValue
            rest = rest.dropFirst("foranyvalue:".count)
        } else if rest.hasPrefix("forallvalues:") {
            qualifier = .forAllValues
            rest = rest.dropFirst("forallvalues:".count)
        }
        var ifExists = false
        if rest.hasSuffix("ifexists") {
            ifExists = true
            rest = rest.dropLast("ifexists".count)
        }
        guard let (family, negated) = Self.families[String(rest)] else { return nil }
        // Null tests existence itself; "NullIfExists" and set-qualified Null are not operators.
        if family == .null, ifExists || qualifier != .none { return nil }
        self.name = name
        self.family = family
        self.negated = negated
        self.ifExists = ifExists
        self.qualifier = qualifier
    }
}
