import Foundation
import Testing
@testable import TrentAuth
import TrentCrypto
import TrentDomain

/// The verifier's parts, and AWS's exact error texts for malformed requests.
@Suite("SigV4 parts and error texts")
struct SigV4UnitTests {
    static let now = SigV4TestSupport.date("20150830T123600Z")
    static let credential = Credential(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        accountId: "111122223333", userName: "admin"
    )

    static func verifier(_ services: Set<String> = ["service"], lookup: (any CredentialLookup)? = nil) -> SigV4Verifier {
        SigV4Verifier(
            credentials: lookup ?? StaticCredentialLookup([credential]),
            allowedServices: services,
            now: { now }
        )
    }

    static func request(authorization: String?, date: String? = "20150830T123600Z", query: String = "") -> SigV4Request {
        var headers: [(name: String, value: String)] = [(name: "Host", value: "example.amazonaws.com")]
        if let date { headers.append((name: "X-Amz-Date", value: date)) }
        if let authorization { headers.append((name: "Authorization", value: authorization)) }
        return SigV4Request(method: "GET", path: "/", query: query, headers: headers, body: [])
    }

    static func signed(
        _ request: SigV4Request = SigV4Request(method: "POST", path: "/", headers: [(name: "Host", value: "example.amazonaws.com")]),
        service: String = "service",
        date: Date = now
    ) -> SigV4Request {
        SigV4Signer.sign(
            request, accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey,
            region: "us-east-1", service: service, date: date
        )
    }

    static func error(_ request: SigV4Request, _ verifier: SigV4Verifier = verifier()) -> KMSError? {
        SigV4TestSupport.error(verifier, request)
    }

    static let goodCredential = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"

    // MARK: Error texts

    @Test("No Authorization and no query auth: MissingAuthenticationTokenException")
    func missingToken() {
        let error = Self.error(Self.request(authorization: nil))
        #expect(error == KMSError("MissingAuthenticationTokenException", "Missing Authentication Token"))
        // A non-SigV4 scheme is treated as no SigV4 token at all.
        #expect(Self.error(Self.request(authorization: "Bearer abc.def"))?.type == "MissingAuthenticationTokenException")
        // So is a presigned query with another algorithm.
        #expect(Self.error(Self.request(authorization: nil, query: "X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256"))?.type
            == "MissingAuthenticationTokenException")
    }

    @Test("Unsupported AWS4 algorithm")
    func unsupportedAlgorithm() {
        let error = Self.error(Self.request(authorization: "AWS4-HMAC-SHA512 Credential=\(Self.goodCredential), SignedHeaders=host, Signature=ab"))
        #expect(error == KMSError("IncompleteSignatureException", "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'."))
    }

    @Test("Missing Authorization parts are all reported, with the header hashed")
    func incomplete() {
        let bare = Self.error(Self.request(authorization: "AWS4-HMAC-SHA256", date: nil))
        #expect(bare == KMSError(
            "IncompleteSignatureException",
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. (Hashed with SHA-256 and encoded with Base64) Authorization=YI2YWea8FSxnksZL2ETHbs5elHm9HQufxTLK0W0ffV0="
        ))
        let noSignature = Self.error(Self.request(
            authorization: "AWS4-HMAC-SHA256 Credential=\(Self.goodCredential), SignedHeaders=host;x-amz-date"
        ))
        #expect(noSignature == KMSError(
            "IncompleteSignatureException",
            "Authorization header requires 'Signature' parameter. (Hashed with SHA-256 and encoded with Base64) Authorization=16HtwNOOCePelc1WtufllJV5zPezlo8Pyw3UU4GHYO8="
        ))
        // An empty Signature counts as missing.
        #expect(Self.error(Self.request(
            authorization: "AWS4-HMAC-SHA256 Credential=\(Self.goodCredential), SignedHeaders=host;x-amz-date, Signature="
        ))?.message.hasPrefix("Authorization header requires 'Signature' parameter. ") == true)
    }

    @Test("A component without '=' is an invalid key=value pair")
    func invalidPair() {
        let error = Self.error(Self.request(
            authorization: "AWS4-HMAC-SHA256 Credential=\(Self.goodCredential), SignedHeaders, Signature=abc"
        ))
        #expect(error == KMSError(
            "IncompleteSignatureException",
            "Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): 'v14nuHvGceqonnSXih+MY6iT5PE4jypOW4YMcPNibSY='."
        ))
    }

    @Test("host must be signed")
    func hostUnsigned() {
        let error = Self.error(Self.request(
            authorization: "AWS4-HMAC-SHA256 Credential=\(Self.goodCredential), SignedHeaders=x-amz-date, Signature=abc"
        ))
        #expect(error == KMSError(
            "InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
        ))
    }

    @Test("Malformed date")
    func badDate() {
        let error = Self.error(Self.request(
            authorization: "AWS4-HMAC-SHA256 Credential=\(Self.goodCredential), SignedHeaders=host;x-amz-date, Signature=abc",
            date: "2015-08-30T12:36:00Z"
        ))
        #expect(error == KMSError(
            "IncompleteSignatureException",
            "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"
        ))
    }

    @Test("Expired and not-yet-current, exact texts")
    func skew() {
        let authorization = { (day: String) in
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\(day)/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"
        }
        // The brief's example: now 20130524T001000Z, request 20130524T000000Z.
        let verifier = SigV4Verifier(
            credentials: StaticCredentialLookup([Self.credential]), allowedServices: ["service"],
            now: { SigV4TestSupport.date("20130524T001000Z").addingTimeInterval(0.75) }
        )
        let early = Self.error(Self.request(authorization: authorization("20130523"), date: "20130523T235459Z"), verifier)
        #expect(early == KMSError(
            "InvalidSignatureException",
            "Signature expired: 20130523T235459Z is now earlier than 20130523T235500Z (20130524T001000Z - 15 min.)"
        ))
        let late = Self.error(Self.request(authorization: authorization("20130524"), date: "20130524T002501Z"), verifier)
        #expect(late == KMSError(
            "InvalidSignatureException",
            "Signature not yet current: 20130524T002501Z is still later than 20130524T002500Z (20130524T001000Z + 15 min.)"
        ))
        // Exactly 15 minutes ahead is still in the window (then the signature "abc" fails).
        #expect(Self.error(Self.request(authorization: authorization("20130524"), date: "20130524T002500Z"), verifier)?.type
            == "InvalidSignatureException")
        #expect(Self.error(Self.request(authorization: authorization("20130524"), date: "20130524T002500Z"), verifier)?.message
            == SigV4Errors.signatureMismatchMessage)
    }

    @Test("Credential shape")
    func credentialShape() {
        let error = Self.error(Self.request(
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service, SignedHeaders=host;x-amz-date, Signature=abc"
        ))
        #expect(error == KMSError(
            "IncompleteSignatureException",
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1/service'"
        ))
        // Trailing slashes are ignored, as AWS (Java's split) does.
        #expect(throws: Never.self) { try CredentialScope.parse(Self.goodCredential + "//") }
    }

    @Test("Every bad scope part is reported, in AWS's order")
    func scope() {
        let all = Self.error(Self.request(
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150829/us_east_1/s3/aws5_request, SignedHeaders=host;x-amz-date, Signature=abc"
        ))
        #expect(all == KMSError(
            "InvalidSignatureException",
            "Credential should be scoped to a valid region. Credential should be scoped to correct service: 'service'. Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150829' != '20150830', from '20150830T123600Z'. "
        ))
        // Only the service wrong; the KMS verifier names 'kms'.
        let kms = Self.error(Self.request(
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"
        ), Self.verifier(["kms", "sts"]))
        #expect(kms == KMSError("InvalidSignatureException", "Credential should be scoped to correct service: 'kms'. "))
    }

    @Test("A KMS call scoped to sts is for the wrong service")
    func kmsCallScopedToSTS() {
        var request = SigV4Request(method: "POST", path: "/", headers: [
            (name: "Host", value: "kms.us-east-1.amazonaws.com"),
            (name: "X-Amz-Target", value: "TrentService.ListKeys"),
            (name: "Content-Type", value: "application/x-amz-json-1.1"),
        ], body: Array("{}".utf8))
        request = Self.signed(request, service: "sts")
        #expect(Self.error(request, Self.verifier(["kms", "sts"]))
            == KMSError("InvalidSignatureException", "Credential should be scoped to correct service: 'kms'. "))
    }

    @Test("Unknown access key")
    func unknownKey() {
        let error = Self.error(Self.request(
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDUNKNOWN/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"
        ))
        #expect(error == KMSError("UnrecognizedClientException", "The security token included in the request is invalid."))
    }

    @Test("Header and query auth together")
    func both() {
        let error = Self.error(Self.request(
            authorization: "AWS4-HMAC-SHA256 Credential=\(Self.goodCredential), SignedHeaders=host;x-amz-date, Signature=abc",
            query: "X-Amz-Algorithm=AWS4-HMAC-SHA256"
        ))
        #expect(error == KMSError(
            "InvalidSignatureException",
            "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."
        ))
    }

    @Test("Incomplete query auth")
    func incompleteQuery() {
        let error = Self.error(Self.request(
            authorization: nil, date: nil,
            query: "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=\(Self.goodCredential)&X-Amz-Date=20150830T123600Z"
        ))
        #expect(error == KMSError(
            "IncompleteSignatureException",
            "AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters."
        ))
    }

    @Test("STS (query protocol) forms of the errors")
    func queryProtocol() {
        let mapped = SigV4Errors.queryProtocolEquivalent(of: SigV4Errors.signatureMismatch())
        #expect(mapped.type == "SignatureDoesNotMatch")
        #expect(mapped.httpStatus == 403)
        #expect(SigV4Errors.queryProtocolEquivalent(of: SigV4Errors.unrecognizedClient()).type == "InvalidClientTokenId")
        #expect(SigV4Errors.queryProtocolEquivalent(of: SigV4Errors.invalidDate("x")).type == "IncompleteSignature")
        #expect(SigV4Errors.queryProtocolEquivalent(of: SigV4Errors.missingAuthenticationToken()).type == "MissingAuthenticationToken")
        #expect(SigV4Errors.queryProtocolEquivalent(of: .internalFailure) == .internalFailure)
    }

    // MARK: Accepted forms

    @Test("The HTTP Date header may carry the request time")
    func dateHeader() throws {
        var request = SigV4Request(method: "GET", path: "/", headers: [
            (name: "Host", value: "example.amazonaws.com"),
            (name: "Date", value: "Sun, 30 Aug 2015 12:36:00 GMT"),
        ])
        request = Self.signed(request)
        #expect(request.firstHeader("X-Amz-Date") == nil)
        let caller = try Self.verifier().verify(request)
        #expect(caller.requestDate == Self.now)
    }

    @Test("x-amz-content-sha256 must be the body's hash")
    func declaredPayloadHash() {
        let body = Array("{\"a\":1}".utf8)
        let realHash = "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862"
        let base = SigV4Request(method: "POST", path: "/", headers: [
            (name: "Host", value: "example.amazonaws.com"),
            (name: "x-amz-content-sha256", value: realHash),
        ], body: body)
        #expect(Self.error(Self.signed(base)) == nil)
        let wrong = Self.signed(base.replacingHeader("x-amz-content-sha256", with: String(repeating: "a", count: 64)))
        #expect(Self.error(wrong)?.message == SigV4Errors.signatureMismatchMessage)
    }

    @Test("Session tokens need a lookup that knows them, and expire")
    func sessionToken() throws {
        struct TokenLookup: CredentialLookup {
            func credential(forAccessKeyId id: String) -> Credential? {
                id == SigV4UnitTests.credential.accessKeyId ? SigV4UnitTests.credential : nil
            }

            func credential(forAccessKeyId id: String, sessionToken: String) -> Credential? {
                let expiry: TimeInterval
                switch sessionToken {
                case "good-token": expiry = 3600
                case "expired-token": expiry = -1
                default: return nil
                }
                return Credential(
                    accessKeyId: id, secretAccessKey: SigV4UnitTests.credential.secretAccessKey,
                    principal: .assumedRole(account: "111122223333", roleName: "app", sessionName: "session"), policies: [],
                    sessionToken: sessionToken, expiration: SigV4UnitTests.now.addingTimeInterval(expiry)
                )
            }
        }
        let request = { (token: String) in
            Self.signed(SigV4Request(method: "POST", path: "/", headers: [
                (name: "Host", value: "example.amazonaws.com"),
                (name: "X-Amz-Security-Token", value: token),
            ]))
        }
        let caller = try Self.verifier(lookup: TokenLookup()).verify(request("good-token")).credential
        #expect(caller.principalArn == "arn:aws:sts::111122223333:assumed-role/app/session")
        #expect(Self.error(request("bad-token"), Self.verifier(lookup: TokenLookup()))
            == KMSError("UnrecognizedClientException", "The security token included in the request is invalid."))
        #expect(Self.error(request("expired-token"), Self.verifier(lookup: TokenLookup()))
            == KMSError("ExpiredTokenException", "The security token included in the request is expired"))
        #expect(SigV4Errors.queryProtocolEquivalent(of: SigV4Errors.expiredToken()).type == "ExpiredToken")
        // The default lookup knows no tokens.
        #expect(Self.error(request("good-token"))?.type == "UnrecognizedClientException")
    }

    @Test("Uppercase hex signatures do not match")
    func uppercaseSignature() throws {
        let request = Self.signed()
        let authorization = request.firstHeader("Authorization")!
        let signature = authorization[authorization.range(of: "Signature=")!.upperBound...]
        let upper = authorization.replacingOccurrences(of: signature, with: signature.uppercased())
        #expect(Self.error(request) == nil)
        #expect(Self.error(request.replacingHeader("Authorization", with: upper))?.type == "InvalidSignatureException")
    }

    // MARK: Canonicalisation

    @Test("Canonical URI", arguments: [
        ("", "/"), ("/", "/"), ("//", "/"), ("/a/../../b", "/b"), ("/a/./b/.", "/a/b"), ("/./a/", "/a/"),
        ("/a%2Fb", "/a%252Fb"), ("/a%20b", "/a%2520b"), ("/a b", "/a%20b"), ("/\u{E9}", "/%C3%A9"),
        ("/-._~AZaz09", "/-._~AZaz09"), ("/a:b@c+d=e", "/a%3Ab%40c%2Bd%3De"),
    ])
    func canonicalURI(_ raw: String, _ expected: String) {
        #expect(CanonicalRequest.canonicalURI(raw) == expected)
    }

    @Test("Canonical query", arguments: [
        ("", ""), ("b=2&a=1", "a=1&b=2"), ("a=%7e&b=%7E", "a=~&b=~"), ("a=%2f", "a=%2F"), ("a+b=c+d", "a%20b=c%20d"),
        ("a", "a="), ("a=1&&b=", "a=1&b="), ("a=b=c", "a=b%3Dc"), ("a-b=1&a=2", "a=2&a-b=1"), ("a=2&a=10&A=3", "A=3&a=10&a=2"),
        ("%E1%88%B4=bar", "%E1%88%B4=bar"), ("bad=%zz", "bad=%25zz"),
    ])
    func canonicalQuery(_ raw: String, _ expected: String) {
        #expect(CanonicalRequest.canonicalQuery(QueryString.parse(raw), excludeSignatureParameter: false) == expected)
    }

    @Test("X-Amz-Signature leaves the canonical query only for presigned requests")
    func signatureParameter() {
        let query = QueryString.parse("X-Amz-Signature=abc&a=1")
        #expect(CanonicalRequest.canonicalQuery(query, excludeSignatureParameter: true) == "a=1")
        #expect(CanonicalRequest.canonicalQuery(query, excludeSignatureParameter: false) == "X-Amz-Signature=abc&a=1")
    }

    @Test("Header values are trimmed and their whitespace runs collapsed")
    func headerValues() {
        #expect(CanonicalRequest.canonicalHeaderValue(["  a \t  b  ", "c", "\"x   y\""]) == "a b,c,\"x y\"")
        #expect(CanonicalRequest.canonicalHeaderValue([]) == "")
    }

    @Test("Request times")
    func dates() {
        #expect(AmzDate.parseBasic("20150830T123600Z") == SigV4TestSupport.date("20150830T123600Z"))
        #expect(AmzDate.parseBasic("20240229T235959Z") == SigV4TestSupport.date("20240229T235959Z"))
        #expect(AmzDate.parseBasic("19691231T235959Z") == SigV4TestSupport.date("19691231T235959Z"))
        for bad in ["20230229T000000Z", "20151330T000000Z", "20150830T240000Z", "20150830T123600", "2015083OT123600Z", ""] {
            #expect(AmzDate.parseBasic(bad) == nil, "\(bad)")
        }
        #expect(AmzDate.parseHTTPDate("Sun, 30 Aug 2015 12:36:00 GMT") == SigV4TestSupport.date("20150830T123600Z"))
        #expect(AmzDate.parseHTTPDate("Sun, 30 Aug 2015 12:36:00 UTC") == nil)
        for text in ["20150830T123600Z", "20000101T000000Z", "21001231T235959Z", "19691231T235959Z"] {
            #expect(AmzDate.format(SigV4TestSupport.date(text)) == text)
        }
        #expect(AmzDate.format(SigV4TestSupport.date("20150830T123600Z").addingTimeInterval(0.999)) == "20150830T123600Z")
    }

    @Test("Region syntax")
    func regions() {
        for good in ["us-east-1", "us-gov-west-1", "cn-north-1", "eu-central-2", "ap-southeast-10", "us-isob-east-1"] {
            #expect(CredentialScope.isValidRegion(good), "\(good)")
        }
        for bad in ["", "us", "us-east", "US-EAST-1", "us_east_1", "u-east-1", "use-east-1", "us--1", "us-east-1a", "us-east1-1"] {
            #expect(!CredentialScope.isValidRegion(bad), "\(bad)")
        }
    }

    // MARK: Signing-key cache

    @Test("The cache returns the freshly derived key, and derives once")
    func cache() {
        let cache = SigningKeyCache(capacity: 8)
        let fresh = SigningKeyCache.deriveSigningKey(
            secretAccessKey: Self.credential.secretAccessKey, date: "20150830", region: "us-east-1", service: "service"
        )
        for _ in 0..<3 {
            let cached = cache.signingKey(
                secretAccessKey: Self.credential.secretAccessKey, accessKeyId: "AKIDEXAMPLE",
                date: "20150830", region: "us-east-1", service: "service"
            )
            #expect(cached == fresh)
        }
        #expect(cache.derivations == 1)
        // Another secret for the same key id (rotation) is another key.
        let rotated = cache.signingKey(
            secretAccessKey: "rotated", accessKeyId: "AKIDEXAMPLE", date: "20150830", region: "us-east-1", service: "service"
        )
        #expect(rotated != fresh)
        #expect(cache.derivations == 2)
    }

    @Test("The cache stays bounded and keeps busy keys")
    func cacheBound() {
        let cache = SigningKeyCache(capacity: 4)
        let busy = { cache.signingKey(secretAccessKey: "s", accessKeyId: "busy", date: "20150830", region: "us-east-1", service: "kms") }
        _ = busy()
        for index in 0..<50 {
            _ = cache.signingKey(secretAccessKey: "s", accessKeyId: "k\(index)", date: "20150830", region: "us-east-1", service: "kms")
            _ = busy()
            #expect(cache.count <= 4)
        }
        #expect(cache.derivations == 51)
    }

    @Test("The signing key matches AWS's documented derivation example")
    func documentedKey() throws {
        // docs.aws.amazon.com "Examples of how to derive a signing key": the key for
        // wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY / 20120215 / us-east-1 / iam.
        let key = SigningKeyCache.deriveSigningKey(
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", date: "20120215", region: "us-east-1", service: "iam"
        )
        let bytes = key.withUnsafeBytes { Array($0) }
        #expect(Hex.encode(bytes) == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }
}
