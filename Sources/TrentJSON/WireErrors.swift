
/// The errors AWS's JSON 1.1 front end raises before an operation runs.
///
/// Sources (none is an AWS document; AWS publishes no list of these texts):
/// - A body that is not JSON, or not a JSON object: kinesalite (a Kinesis
///   emulator whose behaviour was recorded against AWS's JSON 1.1 endpoint)
///   answers `{"__type":"SerializationException"}` with no message at all; we
///   carry an empty message and let the HTTP layer decide whether to omit it.
/// - A member of the wrong JSON type: the texts in `SerializationMessages`,
///   taken from dynalite's test suite, which runs against live DynamoDB. KMS
///   shares the same Coral deserializer, but we found no KMS recording of them.
extension KMSError {
    public static func serialization(_ message: String) -> KMSError {
        KMSError("SerializationException", message)
    }

    public static let malformedBody = KMSError("SerializationException", "")

    public static func unknownOperation() -> KMSError {
        KMSError("UnknownOperationException", "")
    }
}
