import TrentJSON

/// How AWS prints a member's value inside a validation message: the way Java's
/// `toString()` prints the deserialized object.
enum ValueDisplay {
    static func text(of value: JSONValue, shape: ShapeSpec) -> String {
        switch value {
        case .null:
            return "null"
        case .bool(let flag):
            return flag ? "true" : "false"
        case .string(let text):
            if shape.kind == .blob {
                // A blob arrives as a java.nio.ByteBuffer, whose toString() shows only its size.
                let length = Base64.lengthOfValidated(text)
                return "java.nio.HeapByteBuffer[pos=0 lim=\(length) cap=\(length)]"
            }
            return text
        case .number(let number):
            switch shape.kind {
            case .integer: return String(number.javaInt)
            case .long: return String(number.javaLong)
            default: return number.text
            }
        case .array(let elements):
            // java.util.AbstractCollection.toString()
            let element = shape.element >= 0 ? KMSModel.shapes[shape.element] : shape
            return "[" + elements.map { text(of: $0, shape: element) }.joined(separator: ", ") + "]"
        case .object(let object):
            if shape.kind == .map {
                // java.util.AbstractMap.toString()
                let valueShape = KMSModel.shapes[shape.value]
                return "{" + object.pairs.map { $0.key + "=" + text(of: $0.value, shape: valueShape) }
                    .joined(separator: ", ") + "}"
            }
            // Coral's generated classes print their members; we have no recording of
            // the exact form, and no KMS constraint shows a structure's value.
            return "com.amazonaws.kms." + shape.name
        }
    }
}
