/// An error that reaches the wire as `{"__type": type, "message": message}`.
///
/// Every failure a client can see is one of these; the HTTP layer never invents
/// its own shapes. `type` is the AWS exception name exactly as the KMS API model
/// spells it, and `message` is AWS's text for that situation.
public struct KMSError: Error, Sendable, Equatable, CustomStringConvertible {
    public let type: String
    public let message: String
    public let httpStatus: Int

    public init(_ type: String, _ message: String, httpStatus: Int = 400) {
        self.type = type
        self.message = message
        self.httpStatus = httpStatus
    }

    public var description: String { "\(type): \(message)" }

    public static func validation(_ message: String) -> KMSError {
        KMSError("ValidationException", message)
    }

    public static func notFound(_ message: String) -> KMSError {
        KMSError("NotFoundException", message)
    }

    public static func invalidState(_ message: String) -> KMSError {
        KMSError("KMSInvalidStateException", message)
    }

    public static func invalidArn(_ message: String) -> KMSError {
        KMSError("InvalidArnException", message)
    }

    public static func unsupported(_ message: String) -> KMSError {
        KMSError("UnsupportedOperationException", message)
    }

    public static let internalFailure = KMSError(
        "KMSInternalException",
        "We encountered an internal error. Please try again.",
        httpStatus: 500
    )
}
