import Crypto
import Foundation
import TrentDomain

/// Every error the SigV4 verifier can produce, with AWS's exception names and wording.
///
/// Types are the awsJson `__type` names KMS uses (all HTTP 400, as AWS's JSON
/// services answer them). `queryProtocolEquivalent(of:)` gives the awsQuery
/// (STS/IAM) code and status for the same failure.
///
/// Where each wording was confirmed (public captures of real AWS answers, and
/// server-side emulators whose authors recorded AWS's answers):
/// - [dynalite] mhart/dynalite `index.js`: real DynamoDB (Coral, awsJson like KMS)
///   answers recorded as comments, incl. `IncompleteSignatureException`
///   "Authorization header requires ... Authorization=", "Date must be in ISO-8601
///   'basic format'...", "Signature expired: ... (... - 15 min.)", "Unsupported AWS
///   'algorithm'", "Credential must have exactly 5 slash-delimited elements...",
///   the credential-scope sentences, `UnrecognizedClientException`, and the
///   check order (also the status: 400).
/// - [scratchstack] dacut/scratchstack-aws-signature `src/constants.rs`,
///   `src/canonical.rs`, `src/auth.rs`: "'Host' or ':authority' must be a
///   'SignedHeader' in the AWS Authorization.", "Signature not yet current: ... is
///   still later than ... (... + 15 min.)", the query-string messages, the
///   "Credential must have exactly 5 ..." text, and the "AWS Auth Error Ordering".
/// - [sts-oracle] an STS wire-contract probe run against live AWS (public Rust
///   test `aws-sts-oracle`): "Credential should be scoped to a valid region. " and
///   "Credential should be scoped to correct service: 'sts'. " (trailing space,
///   sentences concatenated); a captured awsJson answer
///   `{"__type":"InvalidSignatureException","message":"Credential should be scoped
///   to a valid region. "}` agrees.
/// - [hashed] current AWS no longer echoes a malformed Authorization header; it
///   echoes its SHA-256 in Base64: "Invalid key=value pair (missing equal-sign) in
///   Authorization header (hashed with SHA-256 and encoded with Base64): '...'."
///   (several recent public captures of AWS answers) and "Authorization header requires
///   'Credential' parameter. ... (Hashed with SHA-256 and encoded with Base64)
///   Authorization=..." (a recent Bedrock capture; versity/versitygw `iamerr`).
///   Older answers (2013-2021 captures) ended " Authorization=<the raw header>".
/// - [dynoxide] "Found both 'X-Amz-Algorithm' as a query-string param and
///   'Authorization' as HTTP header." (DynamoDB emulator mirroring DynamoDB).
/// - [iam-doc] AWS IAM user guide "Troubleshoot signed requests": "Missing
///   Authentication Token" for an unsigned request; the signature-mismatch,
///   scope-date, expired and not-yet-current sentences. (DynamoDB itself says
///   "Request is missing Authentication Token" [dynalite]; KMS is taken to use
///   the shorter text the IAM guide and API Gateway/Lambda answers show.)
/// - [botocore/aws-sdk issues] "The security token included in the request is
///   invalid." (`UnrecognizedClientException`, 400 from awsJson services) and the
///   full "The request signature we calculated does not match ..." sentence.
public enum SigV4Errors {
    static let missingAuthenticationTokenType = "MissingAuthenticationTokenException"
    static let incompleteSignatureType = "IncompleteSignatureException"
    static let invalidSignatureType = "InvalidSignatureException"
    static let unrecognizedClientType = "UnrecognizedClientException"

    // MARK: MissingAuthenticationTokenException

    /// No `Authorization` header and no `X-Amz-Algorithm` query parameter, an
    /// `Authorization` header that is not an `AWS4-` one, or a query algorithm other
    /// than `AWS4-HMAC-SHA256`. [iam-doc], [dynalite] (non-AWS4 header), [scratchstack] (query).
    static func missingAuthenticationToken() -> KMSError {
        KMSError(missingAuthenticationTokenType, "Missing Authentication Token")
    }

    // MARK: IncompleteSignatureException

    /// An `AWS4-` algorithm other than `AWS4-HMAC-SHA256`. [scratchstack]
    static func unsupportedAlgorithm(_ algorithm: String) -> KMSError {
        KMSError(incompleteSignatureType, "Unsupported AWS 'algorithm': '\(algorithm)'.")
    }

    /// A comma-separated Authorization component without `=`. [hashed]
    static func invalidKeyValuePair(authorization: String) -> KMSError {
        KMSError(
            incompleteSignatureType,
            "Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '\(hashed(authorization))'."
        )
    }

    static let requiresCredential = "Authorization header requires 'Credential' parameter."
    static let requiresSignature = "Authorization header requires 'Signature' parameter."
    static let requiresSignedHeaders = "Authorization header requires 'SignedHeaders' parameter."
    static let requiresDate = "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."

    /// One or more of the sentences above, in that order. [dynalite] for the
    /// sentences and their order, [hashed] for the ending.
    static func incompleteAuthorization(missing sentences: [String], authorization: String) -> KMSError {
        KMSError(
            incompleteSignatureType,
            sentences.joined(separator: " ")
                + " (Hashed with SHA-256 and encoded with Base64) Authorization=\(hashed(authorization))"
        )
    }

    /// Query-string (presigned) auth with parameters missing. [scratchstack], [dynoxide]
    static func incompleteQueryAuthorization(missingParameters names: [String]) -> KMSError {
        let sentences = names.map { "AWS query-string parameters must include '\($0)'." }
        return KMSError(
            incompleteSignatureType,
            (sentences + ["Re-examine the query-string parameters."]).joined(separator: " ")
        )
    }

    /// An unparseable request date. [dynalite], [scratchstack]
    static func invalidDate(_ value: String) -> KMSError {
        KMSError(
            incompleteSignatureType,
            "Date must be in ISO-8601 'basic format'. Got '\(value)'. See http://en.wikipedia.org/wiki/ISO_8601"
        )
    }

    /// A credential that is not `keyid/date/region/service/term`. [dynalite], [scratchstack]
    static func malformedCredential(_ credential: String) -> KMSError {
        KMSError(
            incompleteSignatureType,
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(credential)'"
        )
    }

    /// `X-Amz-Expires` that is not a number. Unconfirmed for non-S3 services: this
    /// is S3's wording (`AuthorizationQueryParametersError`).
    static func expiresNotANumber() -> KMSError {
        KMSError(incompleteSignatureType, "X-Amz-Expires should be a number")
    }

    /// `X-Amz-Expires` over 7 days. Unconfirmed for non-S3 services: S3's wording.
    static func expiresTooLarge() -> KMSError {
        KMSError(incompleteSignatureType, "X-Amz-Expires must be less than a week (in seconds) that is 604800")
    }

    // MARK: InvalidSignatureException

    /// [botocore/aws-sdk issues], [iam-doc], [dynalite]
    static let signatureMismatchMessage =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    static func signatureMismatch() -> KMSError {
        KMSError(invalidSignatureType, signatureMismatchMessage)
    }

    /// Both `Authorization` and `X-Amz-Algorithm`. [dynoxide]
    static func bothHeaderAndQueryAuthorization() -> KMSError {
        KMSError(
            invalidSignatureType,
            "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."
        )
    }

    /// `host` missing from SignedHeaders. [scratchstack] (current text; [dynalite]
    /// recorded the older "'Host' must be a 'SignedHeader' in the AWS Authorization.")
    static func hostNotSigned() -> KMSError {
        KMSError(invalidSignatureType, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
    }

    /// Request time before now - window. [dynalite], [scratchstack], [iam-doc]; e.g.
    /// "Signature expired: 20130524T000000Z is now earlier than 20130524T000500Z (20130524T001000Z - 15 min.)"
    static func signatureExpired(requestTime: String, earliest: String, now: String, window: TimeInterval) -> KMSError {
        KMSError(
            invalidSignatureType,
            "Signature expired: \(requestTime) is now earlier than \(earliest) (\(now) - \(windowText(window)).)"
        )
    }

    /// Request time after now + window. [scratchstack], [iam-doc]; e.g.
    /// "Signature not yet current: 20130524T002000Z is still later than 20130524T001500Z (20130524T000000Z + 15 min.)"
    static func signatureNotYetCurrent(requestTime: String, latest: String, now: String, window: TimeInterval) -> KMSError {
        KMSError(
            invalidSignatureType,
            "Signature not yet current: \(requestTime) is still later than \(latest) (\(now) + \(windowText(window)).)"
        )
    }

    /// Credential-scope sentences; AWS reports every failing one, concatenated, each
    /// ending ". ". Region and service: [sts-oracle]. Terminator and date: [dynalite],
    /// [scratchstack].
    static func invalidRegionSentence() -> String {
        "Credential should be scoped to a valid region. "
    }

    static func wrongServiceSentence(expected: String) -> String {
        "Credential should be scoped to correct service: '\(expected)'. "
    }

    static func wrongTerminatorSentence(_ terminator: String) -> String {
        "Credential should be scoped with a valid terminator: 'aws4_request', not '\(terminator)'. "
    }

    static func wrongScopeDateSentence(scopeDate: String, requestDay: String, requestTime: String) -> String {
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scopeDate)' != '\(requestDay)', from '\(requestTime)'. "
    }

    static func invalidCredentialScope(_ sentences: [String]) -> KMSError {
        KMSError(invalidSignatureType, sentences.joined())
    }

    // MARK: UnrecognizedClientException

    /// Unknown access key id, or a session token Trent did not issue. [botocore/aws-sdk issues], [dynalite]
    static func unrecognizedClient() -> KMSError {
        KMSError(unrecognizedClientType, "The security token included in the request is invalid.")
    }

    static let expiredTokenType = "ExpiredTokenException"

    /// A session token past its expiration (KMS's awsJson name; STS says `ExpiredToken`).
    public static func expiredToken() -> KMSError {
        KMSError(expiredTokenType, "The security token included in the request is expired")
    }

    // MARK: Helpers

    /// "15 min" for whole minutes, otherwise "N sec" (AWS only ever shows minutes
    /// for its own windows; [scratchstack] renders other windows this way).
    static func windowText(_ window: TimeInterval) -> String {
        let seconds = Int(window.rounded())
        return seconds % 60 == 0 ? "\(seconds / 60) min" : "\(seconds) sec"
    }

    /// Base64 of SHA-256 of the header, as AWS echoes a malformed Authorization header.
    static func hashed(_ authorization: String) -> String {
        Data(SHA256.hash(data: Array(authorization.utf8))).base64EncodedString()
    }
}

extension SigV4Errors {
    /// The awsQuery (STS, IAM) form of a verifier error: same message, the query
    /// protocol's error code and status. Other errors are returned unchanged.
    /// Codes and statuses: versity/versitygw `iamerr`, [sts-oracle], SQS/STS answers
    /// in public issues ("Error Code: SignatureDoesNotMatch; Status Code: 403").
    public static func queryProtocolEquivalent(of error: KMSError) -> KMSError {
        switch error.type {
        case invalidSignatureType: KMSError("SignatureDoesNotMatch", error.message, httpStatus: 403)
        case incompleteSignatureType: KMSError("IncompleteSignature", error.message, httpStatus: 400)
        case missingAuthenticationTokenType: KMSError("MissingAuthenticationToken", error.message, httpStatus: 403)
        case unrecognizedClientType: KMSError("InvalidClientTokenId", error.message, httpStatus: 403)
        case expiredTokenType: KMSError("ExpiredToken", error.message, httpStatus: 400)
        default: error
        }
    }
}
