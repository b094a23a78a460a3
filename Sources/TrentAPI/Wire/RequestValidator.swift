import TrentDomain

/// Checks a request body against the KMS model before any operation sees it,
/// failing the way AWS fails:
/// 1. a body that is not a JSON object, or a known member of the wrong JSON
///    type (a number for a string, a bad base64 blob, ...) is a
///    `SerializationException` (see WireTypeCheck);
/// 2. otherwise every constraint is checked and all failures, at most ten, are
///    reported in one `ValidationException` (see ConstraintCheck).
/// Members the model does not know are ignored, as AWS ignores them.
public enum RequestValidator {
    public static func validate(operation: String, body: JSONValue) throws(KMSError) {
        guard let inputShape = KMSModel.inputShapeByOperation[operation] else {
            throw .unknownOperation()
        }
        guard case .object(let object) = body else { throw .malformedBody }
        // Operations without input accept any object.
        guard inputShape >= 0 else { return }

        try WireTypeCheck.check(object, structure: inputShape)

        var constraints = ConstraintCheck()
        constraints.checkStructure(object, shape: inputShape)
        let errors = constraints.errors
        guard !errors.isEmpty else { return }
        let count = errors.count == 1 ? "1 validation error detected: " : "\(errors.count) validation errors detected: "
        throw .validation(count + errors.joined(separator: "; "))
    }

    /// Whether `operation` is one the model defines.
    public static func knows(operation: String) -> Bool {
        KMSModel.inputShapeByOperation[operation] != nil
    }
}
