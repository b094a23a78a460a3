import TrentDomain

/// The deserialization step: does each known member have a JSON type its shape
/// accepts? AWS deserializes a request before validating it, so the first
/// mismatch in document order becomes a `SerializationException` and no
/// constraint is checked. Unknown members are skipped, whatever their type.
///
/// Messages are Coral's current ones as dynalite's suite records them against
/// live DynamoDB (see WireErrors.swift). Java class names for KMS structures
/// (`com.amazonaws.kms.<Shape>`) and all texts for timestamps are our guess by
/// analogy: we found no recording of them.
enum WireTypeCheck {
    static func check(_ object: JSONObject, structure shapeIndex: Int) throws(KMSError) {
        let shape = KMSModel.shapes[shapeIndex]
        let members = KMSModel.members(of: shape)
        for pair in object.pairs {
            guard let member = members.first(where: { $0.name == pair.key }) else { continue }
            try check(pair.value, shape: member.shape)
        }
    }

    static func check(_ value: JSONValue, shape shapeIndex: Int) throws(KMSError) {
        if case .null = value { return }
        let shape = KMSModel.shapes[shapeIndex]
        switch shape.kind {
        case .string:
            if case .string = value { return }
            try scalarMismatch(value, target: "String", list: "class java.lang.String")
        case .boolean:
            if case .bool = value { return }
            if case .string = value { throw .serialization("Unexpected token received from parser") }
            try scalarMismatch(value, target: "Boolean", list: "class java.lang.Boolean")
        case .integer, .long, .timestamp:
            if case .number = value { return }
            let target = shape.kind == .integer ? "Integer" : shape.kind == .long ? "Long" : "Date"
            try scalarMismatch(value, target: target, list: "class " + javaType(of: shapeIndex))
        case .blob:
            try checkBlob(value)
        case .list:
            switch value {
            case .array(let elements):
                for element in elements { try check(element, shape: shape.element) }
            case .object:
                throw .serialization(startOfStructure)
            default:
                throw .serialization("Unexpected field type")
            }
        case .map:
            switch value {
            case .object(let object):
                for pair in object.pairs { try check(pair.value, shape: shape.value) }
            case .array:
                throw .serialization("Unrecognized collection type " + javaType(of: shapeIndex))
            default:
                throw .serialization("Unexpected field type")
            }
        case .structure:
            switch value {
            case .object(let object):
                try check(object, structure: shapeIndex)
            case .array:
                throw .serialization("Unrecognized collection type class " + javaType(of: shapeIndex))
            default:
                throw .serialization("Unexpected field type")
            }
        }
    }

    private static let startOfStructure = "Start of structure or map found where not expected"

    /// The common wording for a scalar target given the wrong JSON value.
    private static func scalarMismatch(_ value: JSONValue, target: String, list: String) throws(KMSError) {
        switch value {
        case .array: throw .serialization("Unrecognized collection type " + list)
        case .object: throw .serialization(startOfStructure)
        default: throw .serialization(token(of: value) + " cannot be converted to " + target)
        }
    }

    /// Jackson's name for the token a value starts with.
    private static func token(of value: JSONValue) -> String {
        switch value {
        case .bool(let flag): return flag ? "TRUE_VALUE" : "FALSE_VALUE"
        case .number(let number): return number.isInteger ? "NUMBER_VALUE" : "DECIMAL_VALUE"
        case .string: return "STRING_VALUE"
        case .null: return "NULL_VALUE"
        case .array: return "START_ARRAY"
        case .object: return "START_OBJECT"
        }
    }

    private static func checkBlob(_ value: JSONValue) throws(KMSError) {
        switch value {
        case .string(let text):
            do {
                _ = try Base64.validatedLength(text)
            } catch {
                throw .serialization(message(for: error))
            }
        case .array:
            throw .serialization("Unrecognized collection type class java.nio.ByteBuffer")
        case .object:
            throw .serialization(startOfStructure)
        default:
            throw .serialization("only base-64-encoded strings are convertible to bytes")
        }
    }

    /// AWS's texts, its spelling mistake included. The invalid-character text is
    /// the older Coral wording (kinesalite); current AWS may word it differently.
    static func message(for error: Base64.DecodingError) -> String {
        switch error {
        case .lengthNotMultipleOfFour(let length):
            return "Base64 encoded length is expected a multiple of 4 bytes but found: \(length)"
        case .invalidLastCharacter:
            return "Invalid last non-pad Base64 character dectected"
        case .invalidCharacter(let scalar):
            return "Invalid Base64 character: '\(Character(scalar))'"
        }
    }

    /// The Java type AWS names in "Unrecognized collection type" messages.
    static func javaType(of shapeIndex: Int) -> String {
        let shape = KMSModel.shapes[shapeIndex]
        switch shape.kind {
        case .string: return "java.lang.String"
        case .boolean: return "java.lang.Boolean"
        case .integer: return "java.lang.Integer"
        case .long: return "java.lang.Long"
        case .timestamp: return "java.util.Date"
        case .blob: return "java.nio.ByteBuffer"
        case .structure: return "com.amazonaws.kms." + shape.name
        case .list: return "java.util.List<" + javaType(of: shape.element) + ">"
        case .map: return "java.util.Map<" + javaType(of: shape.key) + ", " + javaType(of: shape.value) + ">"
        }
    }
}
