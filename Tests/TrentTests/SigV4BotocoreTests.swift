import Foundation
import Testing
@testable import TrentAuth
import TrentDomain

/// Requests signed by botocore (run through `python3` at test time) must verify,
/// and tampered copies must be rejected with AWS's exception.
@Suite("SigV4 against botocore")
struct SigV4BotocoreTests {
    static let accessKey = "AKIAIOSFODNN7EXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let credential = Credential(
        accessKeyId: accessKey, secretAccessKey: secret, accountId: "111122223333", userName: "admin"
    )
    /// The verifier's clock; every job is signed relative to it.
    static let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970).rounded(.down))
    static let kmsBody = #"{"KeyId": "alias/trent-test", "Plaintext": "aGVsbG8gd29ybGQ="}"#
    static let kmsHeaders = [
        "X-Amz-Target": "TrentService.Encrypt",
        "Content-Type": "application/x-amz-json-1.1",
    ]

    static func verifier() -> SigV4Verifier {
        SigV4Verifier(credentials: StaticCredentialLookup([credential]), now: { now })
    }

    static func kmsJob(
        offset: TimeInterval = 0,
        secret: String = secret,
        accessKey: String = accessKey,
        service: String = "kms",
        url: String = "https://kms.us-east-1.amazonaws.com/",
        target: String = "TrentService.Encrypt"
    ) -> SigV4Botocore.Job {
        var headers = kmsHeaders
        headers["X-Amz-Target"] = target
        return SigV4Botocore.Job(
            url: url, headers: headers, body: kmsBody, service: service,
            accessKey: accessKey, secret: secret, timestamp: now.timeIntervalSince1970 + offset
        )
    }

    // MARK: Accepted

    @Test("botocore-signed KMS and STS requests verify")
    func accepted() throws {
        let signed = try SigV4Botocore.sign([
            Self.kmsJob(),
            Self.kmsJob(target: "TrentService.Decrypt"),
            // The region is whatever the scope says.
            SigV4Botocore.Job(
                url: "https://kms.eu-central-1.amazonaws.com/", headers: Self.kmsHeaders, body: Self.kmsBody,
                service: "kms", region: "eu-central-1", accessKey: Self.accessKey, secret: Self.secret,
                timestamp: Self.now.timeIntervalSince1970
            ),
            // STS query protocol, form body.
            SigV4Botocore.Job(
                url: "https://sts.us-east-1.amazonaws.com/",
                headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"],
                body: "Action=GetCallerIdentity&Version=2011-06-15",
                service: "sts", accessKey: Self.accessKey, secret: Self.secret,
                timestamp: Self.now.timeIntervalSince1970
            ),
            // Signed 14 minutes ago and 14 minutes ahead: inside the 15-minute window.
            Self.kmsJob(offset: -14 * 60),
            Self.kmsJob(offset: 14 * 60),
        ])
        let expected: [(service: String, region: String)] = [
            ("kms", "us-east-1"), ("kms", "us-east-1"), ("kms", "eu-central-1"),
            ("sts", "us-east-1"), ("kms", "us-east-1"), ("kms", "us-east-1"),
        ]
        for (index, request) in signed.map(\.request).enumerated() {
            let caller = try Self.verifier().verify(request)
            #expect(caller.credential.accessKeyId == Self.accessKey)
            #expect(caller.credential.principalArn == "arn:aws:iam::111122223333:user/admin")
            #expect(caller.service == expected[index].service)
            #expect(caller.region == expected[index].region)
            #expect(caller.requestDate == SigV4TestSupport.date(request.firstHeader("X-Amz-Date")!))
        }
    }

    @Test("Paths and queries are canonicalised as botocore does (double-encoded, dot segments removed)")
    func pathsAndQueries() throws {
        let urls = [
            "https://kms.us-east-1.amazonaws.com/a%20b/./c//d/../e",
            "https://kms.us-east-1.amazonaws.com/keys/alias%2Ffoo/%E2%82%AC/",
            "https://kms.us-east-1.amazonaws.com/x:y@z/~tilde/",
            "https://kms.us-east-1.amazonaws.com/?b=2&a=1&c=%2Fx&d=&a=0",
            "https://kms.us-east-1.amazonaws.com/p?Z=~&z=%E2%82%AC&y",
        ]
        var jobs = urls.map { Self.kmsJob(url: $0) }
        // Query parameters the way botocore itself sends them: signed from `params`
        // (`%20` for a space), sent through `urlencode` (`+` for a space).
        var withParams = Self.kmsJob(url: "https://kms.us-east-1.amazonaws.com/")
        withParams.params = ["q": "a b+c", "t": "~x/\u{E9}", "e": ""]
        jobs.append(withParams)
        let signed = try SigV4Botocore.sign(jobs)
        #expect(signed.last?.query.contains("q=a+b%2Bc") == true, "urlencode form: \(signed.last?.query ?? "")")
        for request in signed.map(\.request) {
            #expect(SigV4TestSupport.error(Self.verifier(), request) == nil, "\(request.path)?\(request.query)")
            var moved = request
            moved.path += "x"
            #expect(SigV4TestSupport.error(Self.verifier(), moved)?.type == "InvalidSignatureException")
        }
    }

    @Test("botocore presigned (query-string) STS request verifies")
    func presigned() throws {
        var job = SigV4Botocore.Job(
            method: "GET", url: "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15",
            service: "sts", accessKey: Self.accessKey, secret: Self.secret,
            timestamp: Self.now.timeIntervalSince1970, presignExpires: 300
        )
        let fresh = try SigV4Botocore.sign([job])[0].request
        #expect(fresh.firstHeader("Authorization") == nil)
        let caller = try Self.verifier().verify(fresh)
        #expect(caller.service == "sts")

        var tampered = fresh
        tampered.query = tampered.query.replacingOccurrences(of: "Action=GetCallerIdentity", with: "Action=AssumeRole")
        #expect(SigV4TestSupport.error(Self.verifier(), tampered)?.type == "InvalidSignatureException")

        // Signed 10 minutes ago with X-Amz-Expires=300: expired.
        job.timestamp -= 600
        let old = try SigV4Botocore.sign([job])[0].request
        let error = SigV4TestSupport.error(Self.verifier(), old)
        #expect(error?.type == "InvalidSignatureException")
        let signedAt = SigV4TestSupport.format(Self.now.addingTimeInterval(-600))
        let earliest = SigV4TestSupport.format(Self.now.addingTimeInterval(-300))
        let nowText = SigV4TestSupport.format(Self.now)
        #expect(error?.message == "Signature expired: \(signedAt) is now earlier than \(earliest) (\(nowText) - 5 min.)")
    }

    @Test("UNSIGNED-PAYLOAD is accepted when x-amz-content-sha256 says so")
    func unsignedPayload() throws {
        var job = Self.kmsJob()
        job.unsignedPayload = true
        let request = try SigV4Botocore.sign([job])[0].request
        #expect(request.firstHeader("X-Amz-Content-SHA256") == "UNSIGNED-PAYLOAD")
        #expect(SigV4TestSupport.error(Self.verifier(), request) == nil)
        // The body is not covered then: that is what the client asked for.
        var otherBody = request
        otherBody.body = Array("{}".utf8)
        #expect(SigV4TestSupport.error(Self.verifier(), otherBody) == nil)
        // But the header itself is signed.
        let declared = request.replacingHeader("X-Amz-Content-SHA256", with: String(repeating: "0", count: 64))
        #expect(SigV4TestSupport.error(Self.verifier(), declared)?.type == "InvalidSignatureException")
    }

    // MARK: Rejected

    @Test("Tampered botocore requests are rejected with AWS's exceptions")
    func tampered() throws {
        let signed = try SigV4Botocore.sign([
            Self.kmsJob(),
            Self.kmsJob(secret: "not-the-secret"),
            Self.kmsJob(accessKey: "AKIAUNKNOWNKEY000000"),
            Self.kmsJob(service: "s3"),
            Self.kmsJob(offset: -16 * 60),
            Self.kmsJob(offset: 16 * 60),
        ]).map(\.request)
        let good = signed[0]
        let verifier = Self.verifier()
        let mismatch = (
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
        )

        func expectError(_ request: SigV4Request, _ expected: (String, String), _ comment: Comment) {
            let error = SigV4TestSupport.error(verifier, request)
            #expect(error?.type == expected.0, comment)
            #expect(error?.message == expected.1, comment)
            #expect(error?.httpStatus == 400, comment)
        }

        #expect(SigV4TestSupport.error(verifier, good) == nil)

        var body = good
        body.body = Array(Self.kmsBody.replacingOccurrences(of: "trent-test", with: "trent-prod").utf8)
        expectError(body, mismatch, "body changed")

        expectError(good.replacingHeader("X-Amz-Target", with: "TrentService.Decrypt"), mismatch, "signed header changed")
        expectError(good.replacingHeader("Content-Type", with: "application/x-amz-json-1.0"), mismatch, "signed header changed")

        let date = good.firstHeader("X-Amz-Date")!
        let laterDate = SigV4TestSupport.format(SigV4TestSupport.date(date).addingTimeInterval(1))
        expectError(good.replacingHeader("X-Amz-Date", with: laterDate), mismatch, "date changed, same day")

        var path = good
        path.path = "/other"
        expectError(path, mismatch, "path changed")

        var query = good
        query.query = "x=1"
        expectError(query, mismatch, "query added")

        // An unsigned header may be added; the signature does not cover it.
        var extra = good
        extra.headers.append((name: "X-Forwarded-For", value: "10.0.0.1"))
        #expect(SigV4TestSupport.error(verifier, extra) == nil)

        expectError(signed[1], mismatch, "wrong secret")
        expectError(signed[2], ("UnrecognizedClientException", "The security token included in the request is invalid."), "unknown access key")
        expectError(signed[3], ("InvalidSignatureException", "Credential should be scoped to correct service: 'kms'. "), "service s3 in the scope")

        let nowText = SigV4TestSupport.format(Self.now)
        let expiredAt = SigV4TestSupport.format(Self.now.addingTimeInterval(-16 * 60))
        let earliest = SigV4TestSupport.format(Self.now.addingTimeInterval(-15 * 60))
        expectError(signed[4], (
            "InvalidSignatureException",
            "Signature expired: \(expiredAt) is now earlier than \(earliest) (\(nowText) - 15 min.)"
        ), "signed 16 minutes ago")
        let futureAt = SigV4TestSupport.format(Self.now.addingTimeInterval(16 * 60))
        let latest = SigV4TestSupport.format(Self.now.addingTimeInterval(15 * 60))
        expectError(signed[5], (
            "InvalidSignatureException",
            "Signature not yet current: \(futureAt) is still later than \(latest) (\(nowText) + 15 min.)"
        ), "signed 16 minutes ahead")

        expectError(good.replacingHeader("Authorization", with: nil), ("MissingAuthenticationTokenException", "Missing Authentication Token"), "no Authorization")

        let authorization = good.firstHeader("Authorization")!
        let withoutSignature = String(authorization[..<authorization.range(of: ", Signature=")!.lowerBound])
        let noSignature = SigV4TestSupport.error(verifier, good.replacingHeader("Authorization", with: withoutSignature))
        #expect(noSignature?.type == "IncompleteSignatureException")
        let prefix = "Authorization header requires 'Signature' parameter. (Hashed with SHA-256 and encoded with Base64) Authorization="
        #expect(noSignature?.message.hasPrefix(prefix) == true, "\(String(describing: noSignature))")
        let digest = noSignature.map { String($0.message.dropFirst(prefix.count)) } ?? ""
        #expect(Data(base64Encoded: digest)?.count == 32, "Authorization echoed as base64 SHA-256: \(digest)")
        #expect(noSignature?.message.contains(Self.accessKey) == false)
    }

    @Test("Errors never contain the secret")
    func noSecretInErrors() throws {
        let signed = try SigV4Botocore.sign([Self.kmsJob(secret: "not-the-secret"), Self.kmsJob()]).map(\.request)
        let verifier = Self.verifier()
        var candidates = [signed[0], signed[1].replacingHeader("Authorization", with: "AWS4-HMAC-SHA256 Credential=\(Self.accessKey)")]
        var body = signed[1]
        body.body = []
        candidates.append(body)
        for request in candidates {
            let error = SigV4TestSupport.error(verifier, request)
            #expect(error != nil)
            #expect(error?.description.contains(Self.secret) == false)
            #expect(error?.description.contains("not-the-secret") == false)
        }
        #expect(!"\(Self.credential)".contains(Self.secret))
        #expect(!String(reflecting: Self.credential).contains(Self.secret))
        var dumped = ""
        dump(Self.credential, to: &dumped)
        #expect(!dumped.contains(Self.secret))
    }

    @Test("200 concurrent verifications")
    func concurrent() async throws {
        let signed = try SigV4Botocore.sign([Self.kmsJob(), Self.kmsJob(secret: "not-the-secret")]).map(\.request)
        let verifier = Self.verifier()
        let results = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for index in 0..<200 {
                let request = signed[index % 10 == 9 ? 1 : 0]
                group.addTask { SigV4TestSupport.error(verifier, request) == nil }
            }
            var results: [Bool] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(results.count == 200)
        #expect(results.filter { $0 }.count == 180)
        // One scope: at most one derived key per stripe (per thread group), never one per request.
        #expect(verifier.keyCache.count >= 1 && verifier.keyCache.count <= 16)
        #expect(verifier.keyCache.derivations <= 16)
    }
}
