import TrentJSON

/// The validation step: model constraints on an already type-checked request,
/// worded as AWS words them:
/// `Value 'abc' at 'keyId' failed to satisfy constraint: Member must ...`.
///
/// What is confirmed, and where (all recorded from AWS by others, not documented):
/// - the sentence shapes, `Value null` for a missing required member, and the
///   "N validation error(s) detected: " prefix joined by "; " (LocalStack's KMS
///   snapshots, moto's KMS tests, quotes of real KMS/DynamoDB/Cognito errors);
/// - `Value at 'plaintext'` with no value for sensitive members (LocalStack);
/// - `java.nio.HeapByteBuffer[pos=0 lim=N cap=N]` as a blob's value (local-kms,
///   kinesalite); list paths `tags.1.member.tagKey` (moto, local-kms);
/// - lengths counted in code points, and the pattern reported before the length
///   for one member (an STS conformance probe);
/// - at most 10 errors listed (dynalite and kinesalite stop collecting there).
/// - a list of scalars fails as one error at the list: `Member must satisfy
///   constraint: [...]` quoting all the element's constraints (real Lambda and
///   ACM errors quoted in public logs).
/// Not confirmed: the order of members. AWS's order looks hash-based; we use the
/// model's order, which is deterministic. A sensitive member that is null still
/// shows `Value null`. Map value paths follow kinesalite (`name.KEY.member`).
struct ConstraintCheck {
    static let maxErrors = 10

    private(set) var errors: [String] = []
    private var path: [PathPart] = []

    private enum PathPart {
        case member(String)
        case element(Int)
        case mapValue(String)
    }

    var isFull: Bool { errors.count >= Self.maxErrors }

    mutating func checkStructure(_ object: JSONObject, shape shapeIndex: Int) {
        let shape = KMSModel.shapes[shapeIndex]
        for member in KMSModel.members(of: shape) {
            if isFull { return }
            path.append(.member(member.pathName))
            defer { path.removeLast() }
            let value = object[member.name]
            if value == nil || value == .null {
                if member.required {
                    record(nil, shape: KMSModel.shapes[member.shape], "Member must not be null")
                }
                continue
            }
            check(value!, shape: member.shape)
        }
    }

    private mutating func check(_ value: JSONValue, shape shapeIndex: Int) {
        let shape = KMSModel.shapes[shapeIndex]
        switch (shape.kind, value) {
        case (.string, .string(let text)):
            if shape.pattern >= 0, !PatternMatcher.matches(text, pattern: shape.pattern) {
                let source = KMSModel.patterns[shape.pattern].source
                record(value, shape: shape, "Member must satisfy regular expression pattern: " + source)
            }
            if shape.min >= 0 || shape.max >= 0 {
                checkLength(Int64(text.unicodeScalars.count), value, shape)
            }
            if shape.enumCount > 0, !KMSModel.enumValues(of: shape).contains(text) {
                let values = KMSModel.enumValues(of: shape).joined(separator: ", ")
                record(value, shape: shape, "Member must satisfy enum value set: [" + values + "]")
            }
        case (.blob, .string(let text)):
            if shape.min >= 0 || shape.max >= 0 {
                checkLength(Int64(Base64.lengthOfValidated(text)), value, shape)
            }
        case (.integer, .number(let number)):
            checkRange(Int64(number.javaInt), value, shape)
        case (.long, .number(let number)):
            checkRange(number.javaLong, value, shape)
        case (.list, .array(let elements)):
            checkLength(Int64(elements.count), value, shape)
            let elementShape = KMSModel.shapes[shape.element]
            if Self.isScalar(elementShape) {
                // AWS reports scalar elements once, at the list, quoting every
                // constraint of the element shape whichever one failed.
                if Self.hasConstraints(elementShape),
                   elements.contains(where: { !Self.satisfies($0, elementShape) }) {
                    record(value, shape: shape,
                           "Member must satisfy constraint: [" + Self.describe(elementShape) + "]")
                }
                return
            }
            for (offset, element) in elements.enumerated() {
                if isFull { return }
                if element == .null { continue }
                path.append(.element(offset))
                check(element, shape: shape.element)
                path.removeLast()
            }
        case (.map, .object(let object)):
            checkLength(Int64(object.count), value, shape)
            for pair in object.pairs {
                if isFull { return }
                if pair.value == .null { continue }
                path.append(.mapValue(pair.key))
                check(pair.value, shape: shape.value)
                path.removeLast()
            }
        case (.structure, .object(let object)):
            checkStructure(object, shape: shapeIndex)
        default:
            // Booleans and timestamps carry no constraints; other pairs were
            // rejected by WireTypeCheck before validation ran.
            break
        }
    }

    private static func isScalar(_ shape: ShapeSpec) -> Bool {
        switch shape.kind {
        case .string, .blob, .integer, .long, .boolean, .timestamp: return true
        case .structure, .list, .map: return false
        }
    }

    private static func hasConstraints(_ shape: ShapeSpec) -> Bool {
        shape.min >= 0 || shape.max >= 0 || shape.pattern >= 0 || shape.enumCount > 0
    }

    /// Whether one list element meets its shape's constraints; null never does.
    private static func satisfies(_ value: JSONValue, _ shape: ShapeSpec) -> Bool {
        let measure: Int64
        switch value {
        case .string(let text) where shape.kind == .blob:
            measure = Int64(Base64.lengthOfValidated(text))
        case .string(let text):
            if shape.pattern >= 0, !PatternMatcher.matches(text, pattern: shape.pattern) { return false }
            if shape.enumCount > 0, !KMSModel.enumValues(of: shape).contains(text) { return false }
            measure = Int64(text.unicodeScalars.count)
        case .number(let number):
            measure = shape.kind == .long ? number.javaLong : Int64(number.javaInt)
        case .null:
            return false
        default:
            return true
        }
        if let min = KMSModel.bound(shape.min), measure < min { return false }
        if let max = KMSModel.bound(shape.max), measure > max { return false }
        return true
    }

    /// Every constraint of an element shape, in the order AWS lists them
    /// (recorded from Lambda and ACM: lengths high then low, pattern, then null).
    private static func describe(_ shape: ShapeSpec) -> String {
        var parts: [String] = []
        let unit = shape.kind == .integer || shape.kind == .long ? "value" : "length"
        if let max = KMSModel.bound(shape.max) { parts.append("Member must have \(unit) less than or equal to \(max)") }
        if let min = KMSModel.bound(shape.min) { parts.append("Member must have \(unit) greater than or equal to \(min)") }
        if shape.pattern >= 0 {
            parts.append("Member must satisfy regular expression pattern: " + KMSModel.patterns[shape.pattern].source)
        }
        if shape.enumCount > 0 {
            parts.append("Member must satisfy enum value set: [" + KMSModel.enumValues(of: shape).joined(separator: ", ") + "]")
        }
        parts.append("Member must not be null")
        return parts.joined(separator: ", ")
    }

    private mutating func checkLength(_ length: Int64, _ value: JSONValue, _ shape: ShapeSpec) {
        if let min = KMSModel.bound(shape.min), length < min {
            record(value, shape: shape, "Member must have length greater than or equal to \(min)")
        }
        if let max = KMSModel.bound(shape.max), length > max {
            record(value, shape: shape, "Member must have length less than or equal to \(max)")
        }
    }

    private mutating func checkRange(_ number: Int64, _ value: JSONValue, _ shape: ShapeSpec) {
        if let min = KMSModel.bound(shape.min), number < min {
            record(value, shape: shape, "Member must have value greater than or equal to \(min)")
        }
        if let max = KMSModel.bound(shape.max), number > max {
            record(value, shape: shape, "Member must have value less than or equal to \(max)")
        }
    }

    private mutating func record(_ value: JSONValue?, shape: ShapeSpec, _ constraint: String) {
        guard !isFull else { return }
        let shown: String
        if let value {
            shown = shape.sensitive ? "Value" : "Value '" + ValueDisplay.text(of: value, shape: shape) + "'"
        } else {
            shown = "Value null"
        }
        errors.append(shown + " at '" + renderedPath() + "' failed to satisfy constraint: " + constraint)
    }

    private func renderedPath() -> String {
        var parts: [String] = []
        for part in path {
            switch part {
            case .member(let name): parts.append(name)
            case .element(let offset): parts.append(String(offset + 1)); parts.append("member")
            case .mapValue(let key): parts.append(key); parts.append("member")
            }
        }
        return parts.joined(separator: ".")
    }
}
