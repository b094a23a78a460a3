/// One compiled `"Operator": {"key": values}` entry: a key, its operator, and the policy's
/// values already parsed for that operator.
struct Condition: Sendable {
    /// A policy value: parsed at compile time, or (with a policy variable) at evaluation.
    enum Operand<Value: Sendable>: Sendable {
        case value(Value)
        case template(ValueTemplate)
    }

    enum Test: Sendable {
        /// StringEquals and StringEqualsIgnoreCase (values pre-lowercased for the latter),
        /// BinaryEquals (base64 text compared as text).
        case string([Operand<String>], ignoreCase: Bool)
        case like([Operand<Glob>])
        case numeric([Operand<Double>], ConditionOperator.Comparison)
        case date([Operand<Double>], ConditionOperator.Comparison)
        case bool([Operand<Bool>])
        case ip([Operand<IPRange>])
        case arn([ArnPattern])
        /// Null: each value is "the key is absent".
        case null([Bool])
    }

    /// Lowercased: condition keys are case-insensitive.
    let key: String
    let op: ConditionOperator
    let test: Test

    /// IAM's rules (spec authorization.md §5.1). A multi-valued key used without a set operator
    /// is treated as IAM does: a positive operator holds if any request value matches; a
    /// negated one holds if none does.
    func holds(_ context: any ConditionContext) -> Bool {
        let values = context.values(forLowercasedKey: key)
        if case .null(let expectations) = test {
            let absent: Bool
            switch values {
            case .absent: absent = true
            case .single: absent = false
            case .multiple(let list): absent = list.isEmpty
            }
            return expectations.contains(absent)
        }
        switch values {
        case .absent:
            return holdsWithoutValues
        case .single(let value):
            return result(value, context)
        case .multiple(let list):
            if list.isEmpty { return holdsWithoutValues }
            switch op.qualifier {
            case .none:
                let any = list.contains { matchesPolicyValue($0, context) }
                return op.negated ? !any : any
            case .forAnyValue:
                return list.contains { result($0, context) }
            case .forAllValues:
                return list.allSatisfy { result($0, context) }
            }
        }
    }

    /// ForAllValues is true and ForAnyValue false on an empty set; otherwise a missing key
    /// satisfies only IfExists and negated operators.
    private var holdsWithoutValues: Bool {
        if op.ifExists { return true }
        switch op.qualifier {
        case .forAllValues: return true
        case .forAnyValue: return false
        case .none: return op.negated
        }
    }

    @inline(__always)
    private func result(_ value: String, _ context: any ConditionContext) -> Bool {
        let matched = matchesPolicyValue(value, context)
        return op.negated ? !matched : matched
    }

    /// Whether one request value matches any of the policy's values (values are ORed).
    private func matchesPolicyValue(_ value: String, _ context: any ConditionContext) -> Bool {
        switch test {
        case .string(let operands, let ignoreCase):
            let candidate = ignoreCase ? value.lowercased() : value
            for operand in operands {
                switch operand {
                case .value(let text): if text == candidate { return true }
                case .template(let template):
                    guard let text = template.resolve(context) else { continue }
                    if (ignoreCase ? text.lowercased() : text) == candidate { return true }
                }
            }
            return false
        case .like(let operands):
            var copy = value
            return copy.withUTF8 { bytes in
                for operand in operands {
                    switch operand {
                    case .value(let glob): if glob.matches(bytes) { return true }
                    case .template(let template):
                        if let glob = template.glob(context), glob.matches(bytes) { return true }
                    }
                }
                return false
            }
        case .numeric(let operands, let comparison):
            guard let number = NumericValue.parse(value) else { return false }
            return Self.any(operands, context, parse: NumericValue.parse) { comparison.holds(number, $0) }
        case .date(let operands, let comparison):
            guard let date = DateValue.parse(value) else { return false }
            return Self.any(operands, context, parse: DateValue.parse) { comparison.holds(date, $0) }
        case .bool(let operands):
            guard let flag = BoolValue.parse(value) else { return false }
            return Self.any(operands, context, parse: BoolValue.parse) { $0 == flag }
        case .ip(let operands):
            return Self.any(operands, context, parse: { IPRange($0) }) { $0.contains(value) }
        case .arn(let patterns):
            return patterns.contains { $0.matches(value, context: context) }
        case .null:
            return false
        }
    }

    private static func any<Value>(
        _ operands: [Operand<Value>], _ context: any ConditionContext, parse: (String) -> Value?, _ test: (Value) -> Bool
    ) -> Bool {
        for operand in operands {
            switch operand {
            case .value(let value): if test(value) { return true }
            case .template(let template):
                if let text = template.resolve(context), let value = parse(text), test(value) { return true }
            }
        }
        return false
    }
}

/// Bool values: `true`/`false` in any case, as JSON booleans arrive as those strings.
enum BoolValue {
    static func parse(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }
}
