import TrentJSON

/// Compiles a statement's Condition element into `Condition`s, parsing every literal value
/// once for its operator.
struct ConditionCompiler {
    /// Policy variables apply only in Version 2012-10-17 documents.
    let variables: Bool

    func compile(_ element: JSONValue, effectIsAllow: Bool) throws(KMSError) -> [Condition] {
        guard case .object(let operators) = element else { throw PolicyMessages.conditionNotObject }
        var conditions: [Condition] = []
        for (name, block) in DocumentReader.members(operators) {
            guard case .object(let keys) = block, keys.count > 0 else { throw PolicyMessages.conditionBlock(name) }
            guard let op = ConditionOperator(name) else { throw PolicyMessages.unknownOperator(name) }
            for (key, value) in DocumentReader.members(keys) {
                let lowered = key.lowercased()
                try Self.checkKey(lowered)
                if effectIsAllow, op.qualifier == .forAllValues {
                    if lowered.hasPrefix("kms:encryptioncontext:") { throw PolicyMessages.overlyPermissiveEncryptionContext }
                    if lowered.hasPrefix("aws:requesttag/") { throw PolicyMessages.overlyPermissiveTag }
                }
                let texts = try Self.texts(value, op: name, key: key)
                conditions.append(Condition(key: lowered, op: op, test: try test(op, texts)))
            }
        }
        return conditions
    }

    /// Keys name a vendor (`kms:`, `aws:`) and something after it.
    private static func checkKey(_ key: String) throws(KMSError) {
        guard let colon = key.firstIndex(of: ":"), colon != key.startIndex, key.index(after: colon) != key.endIndex else {
            throw PolicyMessages.vendorPrefix
        }
    }

    /// A condition value: a string, number or boolean, or a non-empty list of them. Numbers keep
    /// their literal text (`"21"` and `21` are the same value to IAM).
    private static func texts(_ value: JSONValue, op: String, key: String) throws(KMSError) -> [String] {
        func scalar(_ value: JSONValue) -> String? {
            switch value {
            case .string(let text): text
            case .number(let number): number.text
            case .bool(let flag): flag ? "true" : "false"
            default: nil
            }
        }
        if let text = scalar(value) { return [text] }
        guard case .array(let items) = value, !items.isEmpty else { throw PolicyMessages.badConditionValue(op, key) }
        var result: [String] = []
        for item in items {
            guard let text = scalar(item) else { throw PolicyMessages.badConditionValue(op, key) }
            result.append(text)
        }
        return result
    }

    private func test(_ op: ConditionOperator, _ texts: [String]) throws(KMSError) -> Condition.Test {
        switch op.family {
        case .stringEquals, .binaryEquals:
            return .string(texts.map { operand($0, lowercase: false) }, ignoreCase: false)
        case .stringEqualsIgnoreCase:
            return .string(texts.map { operand($0, lowercase: true) }, ignoreCase: true)
        case .stringLike:
            return .like(texts.map { text in
                let template = ValueTemplate(parsing: text, variables: variables)
                if !template.hasVariables, let glob = template.glob(nil) { return .value(glob) }
                return .template(template)
            })
        case .numeric(let comparison):
            return .numeric(try parsed(texts, op, NumericValue.parse), comparison)
        case .date(let comparison):
            return .date(try parsed(texts, op, DateValue.parse), comparison)
        case .bool:
            return .bool(try parsed(texts, op, BoolValue.parse))
        case .ipAddress:
            return .ip(try parsed(texts, op) { IPRange($0) })
        case .arnLike:
            return .arn(texts.map { ArnPattern(ValueTemplate(parsing: $0, variables: variables)) })
        case .null:
            var expectations: [Bool] = []
            for text in texts {
                guard let flag = BoolValue.parse(text) else { throw PolicyMessages.invalidConditionValue(op.name, text) }
                expectations.append(flag)
            }
            return .null(expectations)
        }
    }

    private func operand(_ text: String, lowercase: Bool) -> Condition.Operand<String> {
        let template = ValueTemplate(parsing: text, variables: variables)
        if let literal = template.literal { return .value(lowercase ? literal.lowercased() : literal) }
        return .template(template)
    }

    /// Literals must parse now (a typo would otherwise silently never match); values with a
    /// policy variable are parsed once the variable is known.
    private func parsed<Value>(
        _ texts: [String], _ op: ConditionOperator, _ parse: (String) -> Value?
    ) throws(KMSError) -> [Condition.Operand<Value>] {
        var operands: [Condition.Operand<Value>] = []
        for text in texts {
            let template = ValueTemplate(parsing: text, variables: variables)
            if let literal = template.literal {
                guard let value = parse(literal) else { throw PolicyMessages.invalidConditionValue(op.name, text) }
                operands.append(.value(value))
            } else {
                operands.append(.template(template))
            }
        }
        return operands
    }
}

/// Numbers as IAM's Numeric operators read them: decimal integers or floats, optional sign
/// and exponent — not Swift's extras such as "inf", "nan" or hexadecimal floats.
enum NumericValue {
    static func parse(_ text: String) -> Double? {
        var sawDigit = false
        var sawDot = false
        var sawExponent = false
        var previous: UInt8 = 0
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard index == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return nil }
            case UInt8(ascii: "."):
                guard !sawDot, !sawExponent else { return nil }
                sawDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard sawDigit, !sawExponent else { return nil }
                sawExponent = true
            default:
                return nil
            }
            previous = byte
        }
        guard sawDigit, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
